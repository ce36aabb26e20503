"""Keep the Simplified Chinese catalogue whole: extract, list what is missing, fill it in.

The committed `locale/zh_Hans/LC_MESSAGES/django.po` is the source of truth; the
`.mo` is built from it by `make install`. Terms follow `locale/GLOSSARY.md`.

    python tools/translate_missing.py extract          # makemessages, same options as the test
    python tools/translate_missing.py todo > todo.json  # untranslated and fuzzy entries
    # ... write the Chinese into todo.json (values; keep every placeholder) ...
    python tools/translate_missing.py apply todo.json   # fill them in, refuse bad placeholders
    python tools/translate_missing.py check             # counts; exit 1 while anything is missing

A mapping key is the msgid, or "context\\x04msgid" for an entry with msgctxt.
Chinese has one plural form, so a plural entry takes one string (written to
msgstr[0]). Run from the repository root with the project's virtualenv.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
PO_PATH = ROOT / "locale" / LOCALE / "LC_MESSAGES" / "django.po"

# One list for the command line and tests/test_translations.py, so the check
# extracts exactly what the committed catalogue was made from. Tests and tools
# hold no user-facing text; the virtualenv and local data are not ours.
MAKEMESSAGES_OPTIONS = {
    "domain": "django",
    "add_location": "file",
    "ignore_patterns": [
        ".venv/*",
        "var/*",
        "tests/*",
        "bench/*",
        "tools/*",
        "node_modules/*",
    ],
    "no_obsolete": True,
}

# %(name)s, %(size).1f, %s, %d ...; {} and {name} for str.format / format_html.
PRINTF = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxX%]")
BRACES = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str, *, python_format: bool) -> list[str]:
    """The placeholders and HTML tags in `text`, sorted (Chinese may reorder them)."""
    found = BRACES.findall(text) + TAG.findall(text)
    if python_format:
        found += [p for p in PRINTF.findall(text) if p != "%%"]
    return sorted(found)


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """Why an entry's translation does not carry the same placeholders as its msgid."""
    python_format = "python-format" in entry.flags
    expected = placeholders(entry.msgid, python_format=python_format)
    translations = (
        list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    )
    problems = []
    for msgstr in translations:
        if msgstr and placeholders(msgstr, python_format=python_format) != expected:
            problems.append(
                f"{entry.msgid!r}: {msgstr!r} has other placeholders than {expected}"
            )
    return problems


def is_missing(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def extract(*, into: Path | None = None) -> Path:
    """Run makemessages for zh_Hans with the project's options; return the .po.

    With `into`, the committed catalogue is left alone: makemessages always
    writes to the `locale/` directory it finds while walking the tree, so it
    walks a copy of the sources (without `locale/`) instead, and writes a fresh
    catalogue under `into`. A copy, not symlinks: makemessages writes a
    temporary `<template>.py` next to each template, which through a symlink
    would land in the real tree, where a test scanning the sources in another
    process can list it and find it gone.
    """
    from django.core.management import call_command
    from django.test import override_settings

    if into is None:
        os.chdir(ROOT)
        call_command(
            "makemessages", locale=[LOCALE], verbosity=1, **MAKEMESSAGES_OPTIONS
        )
        return PO_PATH
    into.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for source in ROOT.iterdir():
        if source.name in ("locale", "var") or source.name.startswith("."):
            continue
        if source.is_dir():
            shutil.copytree(source, into / source.name, ignore=skip)
        else:
            shutil.copy2(source, into / source.name)
    (into / "locale").mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(into)
        with override_settings(LOCALE_PATHS=[into / "locale"]):
            call_command(
                "makemessages",
                locale=[LOCALE],
                verbosity=0,
                **MAKEMESSAGES_OPTIONS,
            )
    finally:
        os.chdir(cwd)
    return into / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


def todo() -> dict[str, str]:
    return {key(e): "" for e in polib.pofile(str(PO_PATH)) if is_missing(e)}


def apply(mapping: dict[str, str]) -> int:
    """Write the translations; refuse any with mismatched placeholders. Returns the count."""
    po = polib.pofile(str(PO_PATH))
    by_key = {key(e): e for e in po if not e.obsolete}
    unknown = sorted(set(mapping) - set(by_key))
    if unknown:
        sys.exit(f"Not in the catalogue (run extract first?): {unknown[:5]}")
    problems, count = [], 0
    for k, msgstr in mapping.items():
        if not msgstr:
            continue
        entry = by_key[k]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: msgstr}
        else:
            entry.msgstr = msgstr
        found = placeholder_problems(entry)
        if found:
            problems += found
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = (
                entry.previous_msgctxt
            ) = None
        count += 1
    if problems:
        sys.exit("Nothing written; fix these first:\n" + "\n".join(problems))
    po.save(str(PO_PATH))
    # polib wraps lines differently from makemessages; msgcat (gettext, like
    # makemessages itself) rewrites the file in makemessages' layout, so the
    # next extract produces no spurious diff.
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", "-o", str(PO_PATH), str(PO_PATH)], check=True)
    return count


def check() -> int:
    po = polib.pofile(str(PO_PATH))
    missing = [e for e in po if is_missing(e)]
    problems = [p for e in po for p in placeholder_problems(e)]
    print(
        f"{len([e for e in po if not e.obsolete])} entries, {len(missing)} missing, "
        f"{len(problems)} placeholder problems"
    )
    for line in problems:
        print(line)
    return 1 if missing or problems else 0


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        _setup_django()
        extract()
    elif command == "todo":
        json.dump(todo(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif command == "apply" and len(argv) == 3:
        mapping = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(f"{apply(mapping)} entries written to {PO_PATH.relative_to(ROOT)}")
    elif command == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
