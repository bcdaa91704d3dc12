"""The mock's routing table: every mockable request of a guild, matched by path shape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from bot.services.api.contract import ApiContract
from bot.services.api.field_types import ServerSchemas
from bot.services.api.model import ApiRequest
from bot.services.api.parameters import shared_parameter_types
from bot.services.api.schema import Schema


@dataclass(frozen=True)
class MockRoute:
    """One request as the mock serves it; its schemas are derived once, when built."""

    request: ApiRequest
    contract: ApiContract | None
    # Per path segment: the literal text, or None for a `{parameter}`.
    segments: tuple[str | None, ...]
    # Per parameter, in order: its name and JSON Schema type.
    parameters: tuple[tuple[str, str], ...]
    request_schema: Schema | None

    @property
    def method(self) -> str:
        return self.request.method.value

    @property
    def path(self) -> str:
        """The path as the export names it: its parameters by the path's first names."""
        names = iter(name for name, _ in self.parameters)
        return "/" + "/".join(s if s is not None else f"{{{next(names)}}}" for s in self.segments)

    @property
    def literals(self) -> int:
        return sum(segment is not None for segment in self.segments)

    def matches(self, segments: Sequence[str]) -> bool:
        return len(segments) == len(self.segments) and all(
            mine is None or mine == theirs
            for mine, theirs in zip(self.segments, segments, strict=True)
        )


# A route's bucket: its number of segments and its first segment (None: a parameter).
_Bucket = tuple[int, str | None]


@dataclass(frozen=True)
class RouteTable:
    routes: tuple[MockRoute, ...]
    # Each route with its rank in `routes`, by bucket: a call is compared with the routes of
    # two buckets, not with every route of the guild (the mock answers thousands a second).
    _buckets: dict[_Bucket, list[tuple[int, MockRoute]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        buckets: dict[_Bucket, list[tuple[int, MockRoute]]] = {}
        for rank, route in enumerate(self.routes):
            first = route.segments[0] if route.segments else None
            buckets.setdefault((len(route.segments), first), []).append((rank, route))
        object.__setattr__(self, "_buckets", buckets)

    @classmethod
    def build(cls, requests: Sequence[ApiRequest], contracts: dict[int, ApiContract]) -> RouteTable:
        """Routes of `requests` (none rejected), the newest request per method and shape
        winning, as in the OpenAPI export."""
        newest: dict[tuple[str, str], ApiRequest] = {}
        for request in sorted(requests, key=lambda r: r.number):
            newest[(request.method.value, request.path.shape)] = request
        # As in the export: a path's parameters take one name per position (its first
        # request's) and one type per position across its methods.
        first_names: dict[str, tuple[str, ...]] = {}
        by_shape: dict[str, list[ApiRequest]] = {}
        for request in sorted(requests, key=lambda r: r.number):
            first_names.setdefault(request.path.shape, request.path.parameters)
        for request in newest.values():
            by_shape.setdefault(request.path.shape, []).append(request)
        shared = {
            shape: shared_parameter_types([(r, contracts.get(r.id)) for r in group])
            for shape, group in by_shape.items()
        }
        schemas = ServerSchemas(contracts.get(r.id) for r in newest.values())  # as exported
        routes = []
        for request in newest.values():
            contract = contracts.get(request.id)
            names, types = first_names[request.path.shape], shared[request.path.shape]
            routes.append(
                MockRoute(
                    request=request,
                    contract=contract,
                    segments=tuple(None if s.startswith("{") else s for s in request.path.segments),
                    parameters=tuple(zip(names, types, strict=True)),
                    request_schema=schemas.request(contract) if contract else None,
                )
            )
        # Literal segments before parameters: `/listings/new` wins over `/listings/{id}`.
        routes.sort(key=lambda r: (-r.literals, r.request.number))
        return cls(tuple(routes))

    def matching(self, path: str) -> tuple[list[str], list[MockRoute]]:
        """The decoded segments of `path` and the routes whose shape it fits, most literal
        first."""
        segments = split_path(path)
        count = len(segments)
        near = self._buckets.get((count, None), [])
        if segments:
            near = sorted([*near, *self._buckets.get((count, segments[0]), [])])
        return segments, [route for _, route in near if route.matches(segments)]

    @property
    def operations(self) -> list[str]:
        return sorted(f"{r.method} {r.path}" for r in self.routes)

    @property
    def paths(self) -> list[str]:
        return sorted({r.path for r in self.routes})


def split_path(path: str) -> list[str]:
    """`/listings/42/` -> `["listings", "42"]`, from the path as sent (still encoded).

    The query string and fragment are cut at a literal `?` or `#` and the path split at a
    literal `/` before each segment is percent-decoded, once: `%3F`, `%23` and `%2F` stay
    inside their segment. Empty segments are dropped, as requests' paths are normalised.
    Bytes that are not UTF-8 (`%F2`) decode to U+FFFD: still a segment, and still one."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    return [unquote(segment, errors="replace") for segment in path.split("/") if segment]
