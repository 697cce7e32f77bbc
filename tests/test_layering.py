"""forum is the ground floor: no module of it imports an app built on it (the apps listed in INSTALLED_APPS that are
not forum, accounts, config or third-party packages). accounts is the ground floor beside it."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# safety (hostile-input guards) sits below both and imports no app but boardsettings (the board settings row),
# which imports none.
GROUND_FLOOR = {"forum", "accounts", "config", "safety", "boardsettings"}


def _project_apps():
    apps = {entry.split(".")[0] for entry in settings.INSTALLED_APPS}
    return {app for app in apps if (ROOT / app / "__init__.py").exists()}


def _imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def _imports_from_above(package):
    built_on_top = _project_apps() - GROUND_FLOOR
    return [f"{path.relative_to(ROOT)}:{line} imports {name}"
            for path in sorted((ROOT / package).rglob("*.py"))
            for name, line in _imported_packages(path) if name in built_on_top]


def test_forum_imports_no_app_built_on_it():
    assert _project_apps() - GROUND_FLOOR, "the test must know the apps built on forum"
    assert _imports_from_above("forum") == []


def test_accounts_imports_no_app_built_on_forum():
    assert _imports_from_above("accounts") == []


def test_boardsettings_imports_no_project_app():
    """Board settings sit under forum and safety (both read them): they import no other app of the project."""
    others = _project_apps() - {"boardsettings"}
    imports = [f"{path.relative_to(ROOT)}:{line} imports {name}"
               for path in sorted((ROOT / "boardsettings").rglob("*.py"))
               for name, line in _imported_packages(path) if name in others]
    assert imports == []
