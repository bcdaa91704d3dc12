"""Setting contracts on SQLite and PostgreSQL: versions, history, permissions, refusals."""

from __future__ import annotations

import asyncio

import pytest

from bot.db.engine import Database
from bot.db.models import ApiContractRow, ApiRequestEventRow
from bot.errors import Conflict, Forbidden, NexusError, NotFound, ValidationError
from bot.services.api.contract import ContractForm
from bot.services.api.contract_diff import FieldChangeKind
from bot.services.api.contracts import ApiContractService
from bot.services.api.model import Actor
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import HttpMethod
from tests.api_builders import (
    ALICE,
    BOB,
    CAROL,
    GUILD,
    MANAGER,
    ROLE_MENTOR,
    FakeThreads,
    arrange,
    count_rows,
    form,
)
from tests.conftest import FixedClock

LISTING = '{"id": 1, "title": "Loft", "price": 120.5, "tags": ["city"], "host": null}'


async def post_request(service: ApiRequestService, threads: FakeThreads) -> None:
    await service.create(GUILD, ALICE, form("/listings", HttpMethod.POST, "Create"), threads)


async def test_a_first_contract_is_version_one_with_the_methods_default_status(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await post_request(service, threads)

    outcome = await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm('{"title": "Loft"}', LISTING), threads, keep_unset=True
    )

    contract = outcome.change.contract
    assert contract.version == 1
    assert contract.response_status == 201
    assert contract.request_example == {"title": "Loft"}
    assert contract.response_example == {
        "id": 1,
        "title": "Loft",
        "price": 120.5,
        "tags": ["city"],
        "host": None,
    }
    assert outcome.change.previous is None and outcome.change.changes == ()
    assert (await service.get(GUILD, 1)).contract_version == 1
    assert threads.contracts == [outcome.change]


@pytest.mark.parametrize(
    ("method", "example", "status"),
    [
        (HttpMethod.GET, LISTING, 200),
        (HttpMethod.PUT, LISTING, 200),
        (HttpMethod.PATCH, LISTING, 200),
        (HttpMethod.DELETE, None, 204),
        (HttpMethod.DELETE, LISTING, 200),
    ],
)
async def test_each_method_has_a_sensible_default_status(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    method: HttpMethod,
    example: str | None,
    status: int,
) -> None:
    await service.create(GUILD, ALICE, form("/listings/{id}", method), threads)

    outcome = await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm(response_example=example, notes="x"),
        threads,
        keep_unset=True,
    )

    assert outcome.change.contract.response_status == status


async def test_each_change_is_a_new_version_in_the_history_and_omitted_options_are_kept(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    clock: FixedClock,
) -> None:
    await post_request(service, threads)
    await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm('{"title": "Loft"}', LISTING), threads, keep_unset=True
    )

    second = await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm(response_status=200, notes="200 is fine"),
        threads,
        keep_unset=True,
    )

    contract = second.change.contract
    assert (contract.version, contract.response_status, contract.notes) == (2, 200, "200 is fine")
    assert contract.request_example == {"title": "Loft"}  # kept from version 1
    assert second.change.status_changed and not second.change.breaking
    detail = await service.detail(GUILD, 1)
    assert [e.contract_version for e in detail.history] == [None, 1, 2]
    assert detail.request.contract_version == 2


async def test_a_removed_field_and_a_changed_type_are_breaking_an_added_one_is_not(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await post_request(service, threads)
    await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example=LISTING), threads, keep_unset=True
    )

    outcome = await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm(
            response_example='{"id": "1", "title": "Loft", "tags": ["a"], '
            '"host": null, "rating": 4}'
        ),
        threads,
        keep_unset=True,
    )

    kinds = {(c.field, c.kind) for c in outcome.change.changes}
    assert kinds == {
        ("id", FieldChangeKind.TYPE_CHANGED),
        ("price", FieldChangeKind.REMOVED),
        ("rating", FieldChangeKind.ADDED),
    }
    assert outcome.change.breaking


@pytest.mark.parametrize("actor", [ALICE, BOB, MANAGER, ROLE_MENTOR])
async def test_the_requester_the_claimer_and_mentors_may_set_the_contract(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    actor: Actor,
) -> None:
    await arrange(service, "claimed", threads)

    outcome = await contracts.set_contract(
        GUILD, 1, actor, ContractForm(response_example="[]"), threads, keep_unset=True
    )

    assert outcome.change.contract.version == 1


async def test_anyone_else_is_refused_and_nothing_is_stored(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    await arrange(service, "claimed", threads)

    with pytest.raises(Forbidden, match=r"Only the requester \(<@1>\), the claimer \(<@2>\)"):
        await contracts.set_contract(
            GUILD, 1, CAROL, ContractForm(response_example="[]"), threads, keep_unset=True
        )
    with pytest.raises(Forbidden):
        await contracts.editable(GUILD, 1, CAROL)
    assert await count_rows(migrated, ApiContractRow) == 0


BAD_INPUT = [
    (ContractForm(response_example='{"a": 1,}'), "not valid JSON: .* line 1, column 9"),
    (ContractForm(response_example='{\n  "a": tru\n}'), "line 2, column 8"),
    (ContractForm(response_example='"just a string"'), "object .* or array"),
    (ContractForm(response_example="42"), "not a number"),
    (ContractForm(response_example="[NaN]"), "`NaN` is not a JSON value"),
    (ContractForm(response_example="[" + "1," * 2000 + "1]"), "keep it to 4,000"),
    (ContractForm(response_status=99), "99 is not an HTTP status"),
    (ContractForm(response_status=600), "600 is not an HTTP status"),
    (ContractForm(response_status="abc"), "must be a number"),
    (ContractForm(response_example="{}", response_status=204), "204 response has no body"),
    (ContractForm(request_example="{}"), "`GET` requests carry no body"),
    (ContractForm(notes="n" * 1001), "keep them to 1,000"),
]


@pytest.mark.parametrize(("contract_form", "message"), BAD_INPUT)
async def test_bad_input_is_refused_with_a_reason_and_nothing_is_stored(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
    contract_form: ContractForm,
    message: str,
) -> None:
    await service.create(GUILD, ALICE, form("/listings"), threads)

    with pytest.raises(ValidationError, match=message):
        await contracts.set_contract(GUILD, 1, ALICE, contract_form, threads, keep_unset=True)

    assert await count_rows(migrated, ApiContractRow) == 0
    assert await count_rows(migrated, ApiRequestEventRow) == 0
    assert (await service.get(GUILD, 1)).contract_version == 0
    assert threads.contracts == []


async def test_rejected_and_unknown_requests_get_no_contract(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    await arrange(service, "rejected", threads)
    events = await count_rows(migrated, ApiRequestEventRow)

    with pytest.raises(Conflict, match="API-1 was rejected"):
        await contracts.set_contract(
            GUILD, 1, ALICE, ContractForm(response_example="{}"), threads, keep_unset=True
        )
    with pytest.raises(NotFound, match="There's no API-2"):
        await contracts.set_contract(
            GUILD, 2, ALICE, ContractForm(response_example="{}"), threads, keep_unset=True
        )
    assert await count_rows(migrated, ApiContractRow) == 0
    assert await count_rows(migrated, ApiRequestEventRow) == events


async def test_the_same_terms_again_make_no_new_version(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await service.create(GUILD, ALICE, form(), threads)
    await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example=LISTING), threads, keep_unset=True
    )

    with pytest.raises(Conflict, match=r"already \(v1\): nothing changed"):
        await contracts.set_contract(
            GUILD,
            1,
            ALICE,
            ContractForm(response_status=200),
            threads,
            keep_unset=True,
        )


async def test_a_modal_saved_over_a_newer_version_is_refused(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await service.create(GUILD, ALICE, form(), threads)
    _, seen = await contracts.editable(GUILD, 1, ALICE)
    await contracts.set_contract(
        GUILD, 1, MANAGER, ContractForm(response_example="[]"), threads, keep_unset=True
    )

    with pytest.raises(NexusError, match="while you were editing"):
        await contracts.set_contract(
            GUILD,
            1,
            ALICE,
            ContractForm(response_example="{}"),
            threads,
            keep_unset=False,
            seen_version=0 if seen is None else seen.version,
        )
    _, current = await contracts.current(GUILD, 1)
    assert current is not None and current.response_example == []


async def test_a_modal_with_empty_fields_clears_them_and_restores_the_default_status(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await service.create(GUILD, ALICE, form(), threads)
    await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm(response_example="[]", response_status=206, notes="n"),
        threads,
        keep_unset=True,
    )

    outcome = await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm("", "{}", "", ""), threads, keep_unset=False, seen_version=1
    )

    contract = outcome.change.contract
    assert (contract.response_example, contract.response_status, contract.notes) == ({}, 200, None)
    assert [c.kind for c in outcome.change.changes] == [FieldChangeKind.TYPE_CHANGED]


async def test_versions_saved_at_once_never_share_a_number(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    await arrange(service, "claimed", threads)
    await asyncio.gather(*(service.get(GUILD, 1) for _ in range(4)))  # connections ready
    saves = [
        contracts.set_contract(
            GUILD,
            1,
            actor,
            ContractForm(response_example=f'{{"v{i}": {i}}}'),
            threads,
            keep_unset=True,
        )
        for i, actor in enumerate((ALICE, BOB, MANAGER, ROLE_MENTOR))
    ]

    results = await asyncio.gather(*saves, return_exceptions=True)

    # Whoever read a version someone else replaced first is refused; nobody overwrites.
    stored = [r.change.contract.version for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert sorted(stored) == list(range(1, len(stored) + 1))
    assert all(isinstance(r, Conflict) and "while you were editing" in str(r) for r in refused)
    assert await count_rows(migrated, ApiContractRow) == len(stored)
    assert (await service.get(GUILD, 1)).contract_version == len(stored)
