"""System check: every model with a foreign key to `units.Unit` declares `unit_lookup`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core import checks
from django.db.models import Model


@checks.register(checks.Tags.models)
def check_unit_lookup(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    project_models = [m for m in apps.get_models() if m.__module__.startswith("tinhso.")]
    return unit_lookup_errors(project_models)


def unit_lookup_errors(models: Iterable[type[Model]]) -> list[checks.CheckMessage]:
    """tinhso.E001 for each model with a foreign key to Unit and no `unit_lookup`."""
    errors: list[checks.CheckMessage] = []
    for model in models:
        for field in model._meta.get_fields():
            # Only forward foreign keys / one-to-ones owned by this model.
            if not (field.is_relation and field.many_to_one or field.one_to_one):
                continue
            if field.auto_created or _label(field.related_model) != "units.Unit":
                continue
            if not hasattr(model, "unit_lookup"):
                errors.append(
                    checks.Error(
                        f"{model._meta.label} has a foreign key to units.Unit "
                        f"({field.name}) but declares no unit_lookup.",
                        hint="Add unit_lookup = '<path to the owning unit>' and use "
                        "ScopedQuerySet (CONVENTIONS §4).",
                        obj=model,
                        id="tinhso.E001",
                    )
                )
                break
    return errors


def _label(related: Any) -> str:
    """`app_label.Model` of a relation target (a class, or a lazy string reference)."""
    if isinstance(related, str):
        return related if "." in related else f"units.{related}"
    return str(related._meta.label)
