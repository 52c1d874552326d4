"""System check: every model with a foreign key to `units.Unit` declares `unit_lookup`."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks


@checks.register(checks.Tags.models)
def check_unit_lookup(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    unit_model = apps.get_model("units", "Unit")
    for model in apps.get_models():
        if not model.__module__.startswith("tinhso."):
            continue
        for field in model._meta.get_fields():
            # Only forward foreign keys / one-to-ones owned by this model.
            if not (field.is_relation and field.many_to_one or field.one_to_one):
                continue
            if field.auto_created or field.related_model is not unit_model:
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
