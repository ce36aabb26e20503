"""Proof that a pure package imports (and runs) without Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules_loaded_by(
    package: str, *, exercise: str, forbidden: tuple[str, ...]
) -> tuple[int, list[str]]:
    """Import every module of `package` in a fresh interpreter, run `exercise`, and
    return how many modules it has and which `forbidden` top-level packages got loaded."""
    code = (
        f"import importlib, pkgutil, sys, {package} as pkg\n"
        f"names = [m.name for m in pkgutil.walk_packages(pkg.__path__, '{package}.')]\n"
        "for name in names: importlib.import_module(name)\n"
        f"{exercise}\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {forbidden!r}]\n"
        "print(len(names), '|'.join(sorted(loaded)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    count, loaded = (
        result.stdout.strip().split(" ", 1)
        if " " in result.stdout.strip()
        else (result.stdout.strip(), "")
    )
    return int(count), [m for m in loaded.split("|") if m]
