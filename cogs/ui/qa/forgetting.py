"""What `/qa forget-me` says before and after: exactly what `MemberForgetting` does."""

from __future__ import annotations

from bot.services.privacy.forget import MemberRecords

NOTHING_STORED = "Nexus stores nothing from you."

# What stays, in the words of docs/privacy.md ("Removing data").
KEPT = (
    "**API requests** you made or claimed keep their endpoint, summary, details and "
    "contract examples (on the board and in their threads); the notes you wrote on their "
    "status changes and contract versions are deleted, and a request you claimed that is "
    "still **claimed** or **in progress** goes back to **open**. **Study sessions**, "
    "takeaway and announcement schedules you made, servers you put on the web, and your "
    "decisions and edits as a mentor on others' guide notes, stay too."
)


def forget_prompt(records: MemberRecords) -> str:
    qa, api = records.qa, records.api
    return (
        "Nexus stores from you, on every server:\n"
        f"- Q&A: {qa.messages} message(s) you wrote, {qa.questions} question(s) you asked "
        f"(with the replies under them), {qa.drafts} unposted draft(s)\n"
        f"- {records.reminders} reminder(s) with their text, {records.timezones} time zone "
        f"setting(s), {records.helper_signups} helper sign-up(s), {records.nudges} nudge(s) "
        "naming you\n"
        f"- {records.session_records} study-session record(s) (Interested, attendance), "
        f"{records.public_names} public name(s) for the web\n"
        f"- {records.guide_notes} guide suggestion(s) and note(s) you wrote (with their edit "
        f"history), {records.guide_helpful} **Helpful** mark(s) you gave\n"
        f"- your id on {api.requests} API request(s), {api.events} change(s) in their "
        f"history, {api.contracts} contract version(s), and {records.hosted} session(s), "
        "schedule(s) or web consent(s) you made\n\n"
        "**Delete my data** deletes all of it but the last line: others' work depends on "
        f"that, so it stays with your id taken out. {KEPT} Messages on Discord itself stay "
        "as they are. This can't be undone."
    )


def forgotten(records: MemberRecords) -> str:
    qa, api = records.qa, records.api
    kept = api.total + records.hosted
    return (
        f"Done: deleted {qa.messages} message(s), {qa.questions} question(s), "
        f"{qa.drafts} draft(s), {records.reminders} reminder(s), {records.timezones} time "
        f"zone setting(s), {records.helper_signups} helper sign-up(s), "
        f"{records.session_records} study-session record(s), {records.public_names} "
        f"public name(s), {records.guide_notes} guide suggestion(s) and note(s) and "
        f"{records.guide_helpful} Helpful mark(s) from Nexus's database, and took you out "
        f"of {records.nudges} nudge(s). {kept} API, session, schedule and web record(s) "
        "stay without your id; "
        f"{api.released} claim(s) went back to open."
    )
