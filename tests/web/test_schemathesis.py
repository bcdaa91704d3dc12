"""Schemathesis, a real OpenAPI tool, reads the hub's exported document and fuzzes the mock
it names as its server: every answer conforms to what the document promises."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from bot.services.api.contract import ContractForm
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, FakeThreads, form
from tests.unit.api.test_mock_against_openapi import CONTRACTS
from tests.web.hub_world import HubWorld

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extras")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 25
UNCONTRACTED = "/bookings/{id}"
ClientFactory = Callable[[web.Application], Awaitable[Any]]


@pytest.fixture
async def exported(hub: HubWorld, aiohttp_client: ClientFactory) -> dict[str, Any]:
    """The hub's exported document, fetched over HTTP, for a guild whose requests have
    contracts (and one without: its operation answers the documented 501)."""
    await hub.publish_guild(GUILD)
    threads, services = FakeThreads(), hub.services
    for number, (path, method, request, response, status) in enumerate(CONTRACTS, start=1):
        await services.api_requests.create(GUILD, ALICE, form(path, method, f"E{number}"), threads)
        await services.api_contracts.set_contract(
            GUILD, number, ALICE, ContractForm(request, response, status), threads,
            keep_unset=True,
        )  # fmt: skip
    await services.api_requests.create(GUILD, ALICE, form(UNCONTRACTED, HttpMethod.PUT), threads)
    client = await aiohttp_client(hub.app())
    answer = await client.get(f"/g/{GUILD}/api/openapi.json")
    assert answer.status == 200
    document: dict[str, Any] = json.loads(await answer.text())
    return document


def fuzz(document: dict[str, Any], mode: GenerationMode, checks: list[Any]) -> list[str]:
    """Each failure as `operation: first line`, from every operation's generated cases."""
    schema = schemathesis.openapi.from_dict(document)
    base_url = document["servers"][0]["url"]
    failures: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            try:
                case.call_and_validate(base_url=base_url, checks=checks)
            except BaseExceptionGroup as found:  # schemathesis's FailureGroup
                label = case.operation.label
                failures.update(f"{label}: {_named(f)}" for f in found.exceptions)

        try:
            run()
        except Unsatisfiable:  # negative mode: nothing to break (no parameter, no body)
            continue
    return sorted(failures)


def _named(failure: BaseException) -> str:
    """`ServerError 501: Server error`: the kind, the status when it has one, the title."""
    status = getattr(failure, "status_code", "")
    return f"{type(failure).__name__} {status}: {str(failure).strip().splitlines()[0]}"


async def test_the_mock_conforms_to_the_export_for_valid_calls(exported: dict[str, Any]) -> None:
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]

    failures = await asyncio.to_thread(fuzz, exported, GenerationMode.POSITIVE, checks)

    # The one server error is the documented 501 of the request without a contract.
    assert failures == [f"PUT {UNCONTRACTED}: ServerError 501: Server error"]


async def test_every_status_the_mock_answers_to_bad_calls_is_documented(
    exported: dict[str, Any],
) -> None:
    checks = [status_code_conformance, content_type_conformance]

    failures = await asyncio.to_thread(fuzz, exported, GenerationMode.NEGATIVE, checks)

    assert failures == []
