"""The rules of the house (issue 12): which module may import which.

jobs/ is in layers: views -> services/selectors -> models and engines. Tasks
import services only inside their bodies; services import `jobs.tasks` at their
top and queue through `jobs.services.queueing`. These tests read every module's
imports with `ast` (module level and inside functions) and import every module
in a fresh interpreter, so a new import in the wrong direction, or a circle,
fails here rather than in production at start-up.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jobs", "accounts", "portal")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    _module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
    if "migrations" not in path.parts
}


def _resolve(name: str) -> str | None:
    """The project module an import names (a `from X import y` may name a
    submodule y of package X), or None for a third-party or stdlib one."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _in_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, bool, str]]:
    """(imported module, at module level?, enclosing function) for every import
    of a project module; `if TYPE_CHECKING:` imports are not run, so skipped."""
    found: list[tuple[str, bool, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _in_type_checking(child):
                continue
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0:
                names = [f"{child.module}.{alias.name}" for alias in child.names]
            else:
                visit(child, function)
                continue
            for name in names:
                target = _resolve(name)
                if target is not None:
                    found.append((target, not function, function))

    visit(ast.parse(path.read_text(), filename=str(path)), "")
    return found


IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "jobs":
        return parts[0]
    if len(parts) == 1:
        return "jobs"
    return parts[1]


# Function-body imports of project modules outside jobs/tasks.py, each with the
# reason it cannot be at the top. Anything else is a circle to fix, not hide.
FUNCTION_LEVEL_EXCEPTIONS = {
    ("jobs.apps", "jobs.receivers"): "AppConfig.ready: apps load before models",
    ("jobs.apps", "jobs.selectors.personal_data"): "AppConfig.ready, as above",
    ("accounts.apps", "accounts.services"): "AppConfig.ready, as above",
    ("accounts.adapters", "jobs.services.notifications"): (
        "allauth's emails go through the jobs outbox; accounts never imports jobs "
        "at module level (jobs imports accounts), so the adapter reaches it late"
    ),
    # The engines are pure and owned by their own issue: the institution index
    # is built only by the functions that need it.
    ("jobs.engines.screening.engine", "jobs.engines.screening.institutions"): (
        "engine: loads the institution tables only when screening"
    ),
    ("jobs.engines.screening.jsonl", "jobs.engines.screening.institutions"): (
        "engine: as above"
    ),
    ("jobs.engines.screening.sources", "jobs.engines.screening.institutions"): (
        "engine: as above"
    ),
}

# Who may not import whom (layer of the importer -> forbidden layers).
FORBIDDEN = {
    "models": {"services", "selectors", "views", "admin", "web", "tasks", "demo"},
    "engines": {"models", "services", "selectors", "views", "admin", "web", "tasks"},
    "selectors": {"services", "views", "admin", "tasks", "demo"},
    "services": {"views", "admin", "demo"},
    "validators": {"services", "selectors", "views", "admin", "tasks"},
    "web": {"services", "views", "admin", "tasks"},
    "views": {"admin", "tasks", "demo"},
    "tasks": {"views", "admin", "web", "demo"},
}


def test_every_module_is_seen():
    # The scan itself: a glob that found nothing would make every rule pass.
    assert {"jobs.views.access", "jobs.services.roles", "jobs.tasks"} <= set(MODULES)
    assert len(MODULES) > 80


@pytest.mark.parametrize("importer", sorted(MODULES))
def test_import_direction(importer):
    layer = _layer(importer)
    wrong = [
        target
        for target, _top, _function in IMPORTS[importer]
        if target.startswith("jobs.") and _layer(target) in FORBIDDEN.get(layer, ())
    ]
    assert not wrong, f"{importer} ({layer}) may not import {wrong}"


def test_engines_import_nothing_from_django_or_the_project():
    for importer, path in MODULES.items():
        if _layer(importer) != "engines":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in {"django", "accounts", "portal", "celery"}, (
                    importer,
                    name,
                )
                assert top != "jobs" or name.startswith("jobs.engines"), (
                    importer,
                    name,
                )


def test_accounts_imports_jobs_only_where_listed():
    for importer in MODULES:
        if not importer.startswith("accounts"):
            continue
        for target, _top, _function in IMPORTS[importer]:
            if target.startswith("jobs"):
                assert (importer, target) in FUNCTION_LEVEL_EXCEPTIONS, (
                    importer,
                    target,
                )


def test_function_level_imports_are_only_in_tasks_or_listed():
    found = {
        (importer, target)
        for importer, imports in IMPORTS.items()
        for target, top, _function in imports
        if not top and importer != "jobs.tasks"
    }
    assert found <= set(FUNCTION_LEVEL_EXCEPTIONS), sorted(
        found - set(FUNCTION_LEVEL_EXCEPTIONS)
    )
    # An exception no longer needed is removed from the list, not left to rot.
    assert set(FUNCTION_LEVEL_EXCEPTIONS) <= found


def test_tasks_import_the_project_only_inside_task_bodies():
    at_top = [target for target, top, _fn in IMPORTS["jobs.tasks"] if top]
    assert at_top == []
    inside = {target for target, top, _fn in IMPORTS["jobs.tasks"] if not top}
    assert {_layer(t) for t in inside} <= {"services", "models"}, inside


def test_services_import_tasks_at_module_level_only():
    for importer, imports in IMPORTS.items():
        if _layer(importer) == "services":
            for target, top, function in imports:
                if target == "jobs.tasks":
                    assert top, f"{importer}.{function} imports jobs.tasks late"


def test_no_import_circle_at_module_level():
    """The graph of module-level imports has no cycle (whatever the import order).

    A module importing its own package's `__init__` is left out: Python has
    already started that package when it runs the module.
    """
    graph = {
        importer: {
            target
            for target, top, _fn in imports
            if top and target != importer and not importer.startswith(target + ".")
        }
        for importer, imports in IMPORTS.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                strongconnect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    assert cycles == []


IMPORT_EACH = """
import os, sys, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:  # a child: this interpreter as django.setup() left it, then one import
        try:
            __import__(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failed.append(name)
print("FAILED:" + ",".join(failed))
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_each_module_imports_on_its_own():
    """Each module, imported first after `django.setup()` in a fresh interpreter
    (a fork of one set-up interpreter per module), imports without error: an
    import circle shows up as an ImportError here."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *MODULES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "FAILED:", result.stderr
