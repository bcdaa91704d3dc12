"""Build Nexus's wheel, install it into a fresh virtual environment outside the checkout, and
run its commands there the way an operator would, keeping their output for failure messages."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

# What the wheel is built from: the same list the Dockerfile's build stage copies, so this test
# also proves that list is enough (tests/deploy/test_dockerfile.py checks the Dockerfile's side).
BUILD_INPUTS = ("pyproject.toml", "README.md", "bot", "cogs", "migrations")
# Generous: the first install on a machine downloads every dependency; pip's cache makes
# later ones take seconds.
INSTALL_TIMEOUT_S = 900.0
COMMAND_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class InstalledNexus:
    """A virtual environment holding Nexus installed from its wheel, and nothing else of ours."""

    venv: Path
    python: Path
    site_packages: Path
    wheel: Path


def explain(args: Sequence[str | Path], returncode: int | None, stdout: str, stderr: str) -> str:
    """A failure message that shows what ran and everything it said."""
    command = shlex.join(str(arg) for arg in args)
    return (
        f"\n$ {command}\nexit status: {returncode}\n"
        f"--- stdout ---\n{stdout.rstrip()}\n--- stderr ---\n{stderr.rstrip()}\n"
    )


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float = COMMAND_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """Run to completion; a hang becomes an AssertionError that still shows the output."""
    try:
        return subprocess.run(
            [str(arg) for arg in args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as hung:
        raise AssertionError(
            f"timed out after {timeout:.0f} s"
            + explain(args, None, _text(hung.stdout), _text(hung.stderr))
        ) from None


def must_succeed(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, explain(
        result.args, result.returncode, result.stdout, result.stderr
    )
    return result


def _text(output: str | bytes | None) -> str:
    if output is None:
        return ""
    return output.decode(errors="replace") if isinstance(output, bytes) else output


def _tool_environment() -> dict[str, str]:
    """For pip and venv: the caller's environment (pip's index and cache settings live there)
    without anything that would make the checkout or its virtual environment visible."""
    hidden = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    return {key: value for key, value in os.environ.items() if key not in hidden}


def build_and_install(work: Path) -> InstalledNexus:
    """Build the wheel from a copy of the checkout's build inputs and install it into a new
    virtual environment under `work`, with its dependencies from the package index."""
    source = work / "source"
    source.mkdir()
    # A copy, not the checkout itself: an in-place build writes build/ and *.egg-info into the
    # shared tree, and a stale build/lib there can slip modules deleted since into the wheel.
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=skip)
        else:
            shutil.copy2(origin, source / name)
    wheels = work / "wheels"
    env = _tool_environment()
    pip_wheel: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps"]
    pip_wheel += ["-w", wheels, source]
    must_succeed(run(pip_wheel, cwd=work, env=env, timeout=INSTALL_TIMEOUT_S))
    (wheel,) = wheels.glob("nexus_bot-*.whl")

    # The base interpreter, as a user has it: the new environment gets a site-packages of its
    # own, so the checkout's editable install (a .pth file in .venv) is not on its path.
    base_python: str = getattr(sys, "_base_executable", sys.executable)
    venv = work / "venv"
    must_succeed(run([base_python, "-m", "venv", venv], cwd=work, env=env))
    python = venv / "bin" / "python"
    pip_install: list[str | Path] = [python, "-m", "pip", "install", "--quiet", wheel]
    must_succeed(run(pip_install, cwd=work, env=env, timeout=INSTALL_TIMEOUT_S))
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    where: list[str | Path] = [python, "-c", purelib]
    site_packages = Path(must_succeed(run(where, cwd=work, env=env)).stdout.strip())
    return InstalledNexus(venv=venv, python=python, site_packages=site_packages, wheel=wheel)


def operator_environment(installed: InstalledNexus, **variables: str) -> dict[str, str]:
    """What an operator's shell would pass: PATH (the venv first, as activation does), HOME,
    and the variables the step needs; nothing from this test process or the checkout."""
    path = f"{installed.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    return {"PATH": path, "HOME": os.environ.get("HOME", "/"), **variables}


@dataclass(frozen=True)
class Background:
    """A command left running, its output going to files so a full pipe can never stall it."""

    args: list[str]
    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path

    def explain(self) -> str:
        return explain(
            self.args,
            self.process.returncode,
            self.stdout_path.read_text(errors="replace"),
            self.stderr_path.read_text(errors="replace"),
        )


def start(
    args: Sequence[str | Path], *, cwd: Path, env: dict[str, str], logs: Path, name: str
) -> Background:
    argv = [str(arg) for arg in args]
    stdout_path, stderr_path = logs / f"{name}.out", logs / f"{name}.err"
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        # The child keeps its own copies of the descriptors; ours can close at once.
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
    return Background(argv, process, stdout_path, stderr_path)
