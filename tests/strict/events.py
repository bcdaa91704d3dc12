"""Guild scheduled events as Discord runs them, where simcord is kinder.

- **Only external events start and end on their own.** Discord's "status update
  automation": an EXTERNAL event becomes ACTIVE at its start time and COMPLETED at its end
  time; a STAGE_INSTANCE or VOICE event starts only when someone starts it (a PATCH of its
  status to ACTIVE, by the bot or by a host in the client: `start_as_host`), and ends when
  someone ends it or a few minutes after its channel empties. simcord moves every event on
  time; this rule leaves voice and stage events alone.
- **Status transitions**: SCHEDULED -> ACTIVE, ACTIVE -> COMPLETED, SCHEDULED -> CANCELED, and
  nothing once COMPLETED or CANCELED; a started event keeps its start time (a PATCH carrying
  `scheduled_start_time` is refused). 400 Invalid Form Body otherwise.
- **Channel permissions**: creating, changing or deleting a STAGE_INSTANCE event needs
  Manage Channels, Mute Members and Move Members in its channel, a VOICE event View Channel
  and Connect; 403 Missing Permissions (50013) otherwise. simcord asks for Manage Events
  only.
- **At most 100 events** SCHEDULED or ACTIVE per guild: the 101st is refused (400, 30038).
- **Interested users are paged**: Get Guild Scheduled Event Users returns at most `limit`
  (up to 100) users, in ascending id order, `before`/`after` a user id. simcord returns
  every user whatever the query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from simcord.backend.errors import BackendError
from simcord.backend.ops.scheduled_events import ScheduledEventMixin
from simcord.http import router

from tests.strict.routing import wrap_dispatch

STAGE, VOICE, EXTERNAL = 1, 2, 3
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
CHANNEL_PERMISSIONS = {
    STAGE: ("manage_channels", "mute_members", "move_members"),
    VOICE: ("view_channel", "connect"),
}
VALID_TRANSITIONS = {(SCHEDULED, ACTIVE), (ACTIVE, COMPLETED), (SCHEDULED, CANCELED)}
MAX_EVENTS = 100
MAX_EVENTS_CODE = 30038
INVALID_FORM_BODY = 50035
USERS_PAGE = 100


def _moment(iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(iso)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _external_deadline(backend: Any) -> dt.datetime | None:
    moments = [
        _moment(
            event.scheduled_start_time if event.status == SCHEDULED else event.scheduled_end_time
        )
        for guild in backend.guilds.values()
        for event in guild.scheduled_events.values()
        if event.entity_type == EXTERNAL
        and (event.status == SCHEDULED or (event.status == ACTIVE and event.scheduled_end_time))
    ]
    return min(moments, default=None)


def _activate_external(backend: Any) -> None:
    now = _moment(backend.now_iso())
    for guild in list(backend.guilds.values()):
        for event in list(guild.scheduled_events.values()):
            if event.entity_type != EXTERNAL:
                continue  # a voice or stage event waits for someone to start it
            if event.status == SCHEDULED and _moment(event.scheduled_start_time) <= now:
                backend.edit_scheduled_event(guild.id, event.id, {"status": ACTIVE})
            end = event.scheduled_end_time
            if event.status == ACTIVE and end is not None and _moment(end) <= now:
                backend.edit_scheduled_event(guild.id, event.id, {"status": COMPLETED})


def invalid(detail: str) -> BackendError:
    return BackendError(400, INVALID_FORM_BODY, f"Invalid Form Body: {detail}")


def _require_channel(backend: Any, guild_id: int, entity_type: int, channel_id: Any) -> None:
    needed = CHANNEL_PERMISSIONS.get(entity_type)
    if needed and channel_id:
        backend.require_permissions(guild_id, backend.bot_user.id, int(channel_id), *needed)


def _check_create(backend: Any, guild_id: int, body: dict[str, Any]) -> None:
    _require_channel(backend, guild_id, int(body.get("entity_type") or 0), body.get("channel_id"))
    events = backend.get_guild(guild_id).scheduled_events.values()
    if sum(1 for e in events if e.status in (SCHEDULED, ACTIVE)) >= MAX_EVENTS:
        raise BackendError(
            400,
            MAX_EVENTS_CODE,
            "Maximum number of uncompleted guild scheduled events reached (100)",
        )


def _check_change(backend: Any, guild_id: int, event: Any, method: str, body: Any) -> None:
    entity_type = event.entity_type
    channel_id = event.channel_id
    if isinstance(body, dict):
        entity_type = int(body.get("entity_type") or entity_type)
        channel_id = body.get("channel_id", channel_id)
    _require_channel(backend, guild_id, event.entity_type, event.channel_id)
    if (entity_type, channel_id) != (event.entity_type, event.channel_id):
        _require_channel(backend, guild_id, entity_type, channel_id)
    if method != "PATCH" or not isinstance(body, dict):
        return
    if event.status in (COMPLETED, CANCELED):
        raise invalid("a completed or canceled event can no longer be changed")
    status = int(body.get("status") or event.status)
    if status != event.status and (event.status, status) not in VALID_TRANSITIONS:
        raise invalid(f"status cannot go from {event.status} to {status}")
    if event.status == ACTIVE and "scheduled_start_time" in body:
        raise invalid("scheduled_start_time cannot change once the event has started")


def _event_rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
    parts = path.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "guilds" or parts[2] != "scheduled-events":
        return call()
    guild_id = int(parts[1])
    if method == "POST" and len(parts) == 3 and isinstance(body, dict):
        _check_create(backend, guild_id, body)
    elif method in ("PATCH", "DELETE") and len(parts) == 4:
        event = backend.get_guild(guild_id).scheduled_events.get(int(parts[3]))
        if event is not None:
            _check_change(backend, guild_id, event, method, body)
    return call()


def _page_users(users: list[Any], params: dict[str, Any]) -> list[Any]:
    def user_id(entry: Any) -> int:
        return int(entry["user"]["id"])

    ordered = sorted(users, key=user_id)
    limit = max(1, min(int(params.get("limit") or USERS_PAGE), USERS_PAGE))
    if params.get("before") is not None:
        earlier = [u for u in ordered if user_id(u) < int(params["before"])]
        return earlier[-limit:]
    if params.get("after") is not None:
        ordered = [u for u in ordered if user_id(u) > int(params["after"])]
    return ordered[:limit]


def _wrap_users_paging(monkeypatch: pytest.MonkeyPatch) -> None:
    real = router.dispatch

    def dispatch(backend: Any, method: str, path: str, **kwargs: Any) -> Any:
        answer = real(backend, method, path, **kwargs)
        parts = path.strip("/").split("/")
        if method == "GET" and len(parts) == 5 and parts[2::2] == ["scheduled-events", "users"]:
            return _page_users(list(answer), dict(kwargs.get("params") or {}))
        return answer

    monkeypatch.setattr(router, "dispatch", dispatch)


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        ScheduledEventMixin, "next_scheduled_event_deadline", _external_deadline, raising=True
    )
    monkeypatch.setattr(
        ScheduledEventMixin, "activate_due_scheduled_events", _activate_external, raising=True
    )
    wrap_dispatch(monkeypatch, _event_rule)
    _wrap_users_paging(monkeypatch)


def start_as_host(env: Any, guild_id: int, event_id: int) -> None:
    """A member with Manage Events presses **Start** on the event in the Discord client."""
    event = env.backend.get_scheduled_event(guild_id, event_id)
    assert event.status == SCHEDULED, "only a scheduled event can be started"
    env.backend.edit_scheduled_event(guild_id, event_id, {"status": ACTIVE})


def channel_emptied(env: Any, guild_id: int, event_id: int) -> None:
    """Discord ends an active voice or stage event a few minutes after its channel empties
    ("Guild Scheduled Event Status Update Automation"), whatever its end time says."""
    event = env.backend.get_scheduled_event(guild_id, event_id)
    assert event.status == ACTIVE, "only an active event ends when its channel empties"
    env.backend.edit_scheduled_event(guild_id, event_id, {"status": COMPLETED})
