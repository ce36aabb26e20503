"""Every environment variable the product reads is documented, and nothing else is.

The reads are found in the source, not in a list kept by hand: every call to
django-environ's `env(...)` / `env.int(...)` / ..., `os.environ.get(...)`,
`os.environ[...]` and `os.getenv(...)` in portal/, accounts/ and jobs/
(migrations included: `SITE_DOMAIN` is read by one). They must match the
names in `.env.example` and the rows of the README's configuration table,
both ways: a variable read but not documented fails, and so does one
documented but read nowhere (a stale line, or a typo in a name).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("portal", "accounts", "jobs")

# django-environ's typed readers (environ.Env methods taking the variable name first).
ENV_READERS = {
    "str",
    "bool",
    "int",
    "float",
    "decimal",
    "json",
    "list",
    "tuple",
    "dict",
    "url",
    "path",
    "bytes",
    "db",
    "db_url",
    "cache",
    "cache_url",
    "email",
    "email_url",
    "search_url",
    "channels",
    "channels_url",
}

# Read only by the test suite, never by the site: listed (commented out) in
# .env.example's "Tests only" block so a developer finds them, but not in the
# README's configuration table, which is the site's configuration.
TEST_ONLY = {
    "CI": "true makes a test that lacks PostgreSQL, Redis or Chromium fail instead of skip",
    "CHROMIUM_PATH": "the browser tests' Chromium binary (default /usr/bin/chromium)",
    "FUZZ_EXAMPLES": "inputs per target in tests/security/test_fuzz.py (default 12)",
    "ACCESS_MATRIX_OBSERVE": "prints the observed access table instead of asserting it",
    "K_TALENT_UNIVERSITIES_DIR": "where tests/jobs/test_import_institutions.py finds the reference files",
}


def _is_os_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _name_read(node: ast.AST) -> ast.expr | None:
    """The expression naming the variable when `node` reads one, else None."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "env":
            return node.args[0]
        if isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id == "env":
                return node.args[0] if func.attr in ENV_READERS else None
            if _is_os_environ(owner) and func.attr == "get":
                return node.args[0]
            if (
                isinstance(owner, ast.Name)
                and owner.id == "os"
                and func.attr == "getenv"
            ):
                return node.args[0]
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and _is_os_environ(node.value)
    ):
        return node.slice
    return None


def variables_read(folders: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                name = _name_read(node)
                if name is None:
                    continue
                # A computed name cannot be checked: the test would pass blind.
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert isinstance(name, ast.Constant), f"{where}: name it literally"
                assert isinstance(name.value, str), f"{where}: name it literally"
                names.add(name.value)
    return names


def env_example_names() -> set[str]:
    # Commented-out lines (`# NAME=value`) document optional variables too.
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def readme_table_names() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE))


def test_the_scan_finds_reads_of_every_kind():
    # Guards the scanner itself: an env(...), an env.bool(...), an env.db(...),
    # an os.environ.get in a migration, each in a different file.
    read = variables_read(PRODUCT)
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "SITE_DOMAIN"} <= read


def test_every_variable_read_is_in_env_example():
    missing = variables_read(PRODUCT) - env_example_names()
    assert not missing, (
        f"read by the product, missing from .env.example: {sorted(missing)}"
    )


def test_env_example_lists_nothing_that_is_never_read():
    stale = env_example_names() - variables_read(PRODUCT) - set(TEST_ONLY)
    assert not stale, f"in .env.example, read nowhere: {sorted(stale)}"


def test_every_variable_read_is_in_the_readme_table():
    missing = variables_read(PRODUCT) - readme_table_names()
    assert not missing, (
        f"read by the product, missing from README's table: {sorted(missing)}"
    )


def test_readme_table_lists_nothing_that_is_never_read():
    stale = readme_table_names() - variables_read(PRODUCT)
    assert not stale, f"in README's configuration table, read nowhere: {sorted(stale)}"


def test_test_only_variables_are_exactly_those_the_tests_read():
    # A new variable read by a test is documented here with its reason, and an
    # exception whose test is gone does not linger.
    test_only = variables_read(("tests",)) - variables_read(PRODUCT)
    assert test_only == set(TEST_ONLY)
    assert set(TEST_ONLY) <= env_example_names()
