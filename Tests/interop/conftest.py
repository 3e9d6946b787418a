"""Shared fixtures of the interop tests: the dcmveil binary, and how to run it.

The binary is $DCMVEIL_BIN (the Makefile exports the debug build's path). Without it, the path
that `swift build --show-bin-path` prints is used. A missing binary fails the tests that need it
(with a message saying so); the tests of the comparison itself still run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 120


def _find_binary() -> Path | None:
    env = os.environ.get("DCMVEIL_BIN")
    if env:
        return Path(env)
    swift = shutil.which("swift")
    if swift is None:
        return None
    try:
        out = subprocess.run([swift, "build", "--show-bin-path"], cwd=REPO, capture_output=True,
                             text=True, timeout=120, check=True).stdout.strip()
    except (subprocess.SubprocessError, OSError):
        return None
    return Path(out) / "dcmveil"


@dataclass(frozen=True)
class Result:
    """What one run of dcmveil did."""

    args: list[str]
    returncode: int
    stdout: bytes
    stderr: str

    def describe(self) -> str:
        return (f"$ dcmveil {' '.join(self.args)}\nexit {self.returncode}\n"
                f"stderr: {self.stderr.strip()[:2000] or '(empty)'}")


class Dcmveil:
    """Runs the dcmveil binary with a time limit; never through a shell."""

    def __init__(self, path: Path):
        self.path = path
        self.subcommands = self._subcommands()

    def _subcommands(self) -> set[str]:
        """The names under SUBCOMMANDS: in swift-argument-parser's --help output."""
        try:
            text = subprocess.run([str(self.path), "--help"], capture_output=True, text=True,
                                  errors="replace", timeout=60, stdin=subprocess.DEVNULL).stdout
        except (subprocess.SubprocessError, OSError):
            return set()
        names, inside = set(), False
        for line in text.splitlines():
            if line.startswith("SUBCOMMANDS:"):
                inside = True
            elif inside and (not line.strip() or not line[0].isspace()):
                inside = False  # the list ends at a blank line; a "See 'dcmveil help'" note follows
            elif inside and line.startswith("  ") and not line[2].isspace():
                names.add(line.split()[0])  # names are indented by two spaces, wrapped abstracts by more
        return names

    def require(self, subcommand: str) -> None:
        """Fail the calling test in one line when the binary lacks `subcommand`."""
        if subcommand not in self.subcommands:
            pytest.fail(f"dcmveil at {self.path} has no `{subcommand}` subcommand yet "
                        f"(it has: {', '.join(sorted(self.subcommands)) or 'none'})", pytrace=False)

    def run(self, *args: str | os.PathLike) -> Result:
        argv = [str(a) for a in args]
        try:
            proc = subprocess.run([str(self.path), *argv], capture_output=True,
                                  timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pytest.fail(f"$ dcmveil {' '.join(argv)} did not finish in {TIMEOUT_SECONDS} s")
        return Result(argv, proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="session")
def dcmveil() -> Dcmveil:
    path = _find_binary()
    if path is None or not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"no dcmveil binary (looked at {path}); build it with `swift build` "
                    "or set DCMVEIL_BIN", pytrace=False)
    return Dcmveil(path)


def crashed(result: Result) -> bool:
    """True when the process died of a signal (a Swift trap is SIGILL or SIGTRAP)."""
    return result.returncode < 0 or result.returncode >= 128
