"""Forms of the disaggregated-values grid: choosing the date and dimensions, then one box
per cell (with the value as the person saw it, to tell them if someone changed it)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.followup.dimensions import active_dimensions
from recommendations.followup.forms import _date
from recommendations.followup.grid import UNSEEN, GridCell


class GridPickForm(forms.Form):
    date = _date(
        gettext_lazy("Date"),
        error_messages={"required": gettext_lazy("Give the date of the values.")},
    )
    rows = forms.ChoiceField(
        label=gettext_lazy("Rows: first dimension"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": gettext_lazy("Choose a dimension.")},
    )
    columns = forms.ChoiceField(
        label=gettext_lazy("Columns: second dimension (optional)"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only dimensions with categories can lay out a grid.
        self.dimensions = [d for d in active_dimensions() if d.categories.all()]
        choices = [(d.code, d.localized_name or d.name) for d in self.dimensions]
        self.fields["rows"].choices = [("", "—"), *choices]
        self.fields["columns"].choices = [("", _("None")), *choices]

    def clean(self):
        data = super().clean()
        if data.get("rows") and data.get("rows") == data.get("columns"):
            self.add_error("columns", _("Choose a second dimension other than the first."))
        return data

    def chosen(self):
        by_code = {d.code: d for d in self.dimensions}
        data = self.cleaned_data
        return by_code[data["rows"]], by_code.get(data.get("columns") or "")


def _axis(dimension) -> list[tuple[str, str]]:
    """(category name, label) of an axis, then its total ("")."""
    if dimension is None:
        return [("", "")]
    return [(c.name, c.localized_name or c.name) for c in dimension.categories.all()] + [
        ("", _("Total"))
    ]


def _parse(text: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return UNSEEN


class GridForm(forms.Form):
    """Fields ``cell_<i>_<j>`` (the value typed) and ``was_<i>_<j>`` (the value shown when
    the grid was opened) for row i and column j; the last row and column are the totals."""

    note = forms.CharField(
        label=gettext_lazy("Note (source, survey…)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, first, second, stored: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        self.row_axis, self.column_axis = _axis(first), _axis(second)
        self.cell_names = {}
        for i, (row, row_label) in enumerate(self.row_axis):
            for j, (column, column_label) in enumerate(self.column_axis):
                now = stored.get((row, column))
                shown = "" if now is None else format(now.normalize(), "f")
                label = " × ".join(x for x in (row_label, column_label) if x)
                self.cell_names[(row, column)] = f"cell_{i}_{j}"
                self.fields[f"cell_{i}_{j}"] = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=16,
                    decimal_places=4,
                    initial=shown,
                    localize=False,
                    widget=forms.TextInput(
                        attrs={
                            "class": "form-control form-control-sm text-end",
                            "inputmode": "decimal",
                        }
                    ),
                )
                self.fields[f"was_{i}_{j}"] = forms.CharField(
                    required=False, initial=shown, widget=forms.HiddenInput
                )

    def table(self):
        """[(row label, [bound field of each column])] for the template."""
        return [
            (row_label, [self[f"cell_{i}_{j}"] for j in range(len(self.column_axis))])
            for i, (_row, row_label) in enumerate(self.row_axis)
        ]

    def cells(self) -> list[GridCell]:
        cells = []
        for (row, column), name in self.cell_names.items():
            seen = _parse(self.cleaned_data.get("was_" + name[5:], ""))
            cells.append(
                GridCell(row=row, column=column, value=self.cleaned_data.get(name), expected=seen)
            )
        return cells

    def add_cell_errors(self, errors: dict) -> None:
        """Put the service's errors ("row|column": message) on their cells."""
        for key, messages in errors.items():
            row, _sep, column = key.partition("|")
            name = self.cell_names.get((row, column))
            self.add_error(name, messages)

    def refresh_seen(self, stored: dict) -> None:
        """After a conflict: the values now stored become what the person has seen, so that
        saving again is a choice made knowingly; what they typed stays."""
        self.data = self.data.copy()
        for (row, column), name in self.cell_names.items():
            now = stored.get((row, column))
            self.data["was_" + name[5:]] = "" if now is None else format(now.normalize(), "f")

    def cell_errors(self):
        """[(cell label, message)] for the summary above the grid."""
        return [
            (self.fields[name].label, error)
            for name in self.cell_names.values()
            for error in self.errors.get(name, [])
        ]
