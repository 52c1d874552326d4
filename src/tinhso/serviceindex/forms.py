"""Forms of the 766 pages: the what-if calculator and the manual-input form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import engine
from .models import DataSource, IndicatorSetVersion

MAX_COUNT = 10**12


class CalculatorForm(forms.Form):
    """One non-negative count per key the version reads, and whether the unit is a commune.

    An empty field means "no data" (the indicator's zero-denominator rule applies)."""

    is_commune = forms.BooleanField(label=_("The unit is a commune"), required=False)

    def __init__(self, *args: Any, version: engine.VersionDef, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels: dict[str, str] = {}
        for defn in version.indicators:
            labels.update(defn.labels)
        self.keys = engine.count_keys(version)
        for key in self.keys:
            self.fields[key] = forms.DecimalField(
                label=labels.get(key, key),
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                decimal_places=2,
            )

    def counts(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in self.keys}


class ManualInputForm(forms.Form):
    """A figure entered by hand for one indicator of the unit's period."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    numerator = forms.DecimalField(label=_("Numerator"), min_value=0, max_value=MAX_COUNT)
    denominator = forms.DecimalField(label=_("Denominator"), min_value=0, max_value=MAX_COUNT)
    source = forms.CharField(label=_("Source"), max_length=300)

    def __init__(self, *args: Any, version: IndicatorSetVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [
            (i.code, f"{i.code} · {i.name}")
            for i in version.indicators.all()
            if i.data_source in {DataSource.MANUAL, DataSource.CATALOGUE}
        ]
