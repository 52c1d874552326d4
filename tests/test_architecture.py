"""House rules that keep the codebase honest (CONVENTIONS §4, §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from tinhso.accounts.checks import unit_lookup_errors

SRC = Path(__file__).resolve().parent.parent / "src" / "tinhso"


def _is_thin(path: Path) -> bool:
    """A view or API module: `views.py`/`api.py`, or any module of a `views/` package."""
    return path.name in {"views.py", "api.py"} or path.parent.name == "views"


def _thin_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if _is_thin(p))


def _objects_uses(path: Path) -> list[int]:
    """Line numbers where the module touches `<something>.objects` or `._default_manager`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_thin_modules_exist():
    # The test below must have something to look at, or it proves nothing.
    thin = _thin_modules()
    assert len(thin) >= 6
    # Modules of a split `views/` package are scanned too, not only files named views.py.
    assert SRC / "accounts" / "views" / "users.py" in thin
    assert _is_thin(Path("app/views/anything.py")) and _is_thin(Path("app/api.py"))
    assert not _is_thin(Path("app/selectors.py")) and not _is_thin(Path("views/app/forms.py"))


@pytest.mark.parametrize("path", _thin_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_never_touch_model_managers(path):
    """Views and API handlers go through selectors and services, never `.objects`."""
    assert _objects_uses(path) == [], f"{path} uses .objects at lines {_objects_uses(path)}"


def test_the_ast_rule_catches_a_violation(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text("def v(request):\n    return Thing.objects.all()\n")
    assert _objects_uses(bad) == [2]


def test_no_project_model_misses_unit_lookup():
    errors = [e for e in checks.run_checks() if e.id == "tinhso.E001"]
    assert errors == []


@isolate_apps("tinhso.units")
def test_unit_lookup_check_flags_a_foreign_key_to_unit_without_lookup():
    class Orphan(models.Model):
        unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE)

        class Meta:
            app_label = "units"

    class Owned(models.Model):
        unit_lookup = "unit"
        unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE)

        class Meta:
            app_label = "units"

    errors = unit_lookup_errors([Orphan, Owned])
    assert [e.id for e in errors] == ["tinhso.E001"]
    assert "Orphan" in errors[0].msg
