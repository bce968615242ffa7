"""Forms of the secretariat's disaggregation dimensions screen: the dimension with its name
in each interface language, and its categories in order, each with its own names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.reference.names import name_languages, stored_name


class _NamedInLanguages:
    """A form with a name field in each interface language (besides the English name), the
    record's names when it edits one."""

    def _add_language_fields(self, record) -> None:
        for code, language in name_languages():
            self.fields[code] = forms.CharField(
                label=language,
                required=False,
                max_length=100,
                initial=stored_name(record, code) if record is not None else "",
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "lang": code, "dir": "auto"}
                ),
            )

    def language_fields(self):
        return [self[code] for code, _language in name_languages()]

    def name_translations(self) -> dict[str, str]:
        return {c: self.cleaned_data.get(c, "") for c, _language in name_languages()}


class DimensionForm(_NamedInLanguages, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short, lower-case, no spaces, e.g. sex, age, region. Kept in every value."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    name = forms.CharField(
        label=_("Name in English"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Name the dimension.")},
    )
    is_active = forms.BooleanField(
        label=_("Active: takes new values"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    position = forms.IntegerField(
        label=_("Position in lists"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, dimension=None, **kwargs):
        if dimension is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": dimension.code,
                    "name": dimension.name,
                    "is_active": dimension.is_active,
                    "position": dimension.position,
                },
            )
        super().__init__(*args, **kwargs)
        self._add_language_fields(dimension)
        if dimension is not None:
            # Stored in every value already recorded: not changed once set.
            self.fields["code"].disabled = True

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "name": data["name"],
            "is_active": data["is_active"],
            "position": data["position"],
            "name_translations": self.name_translations(),
        }


class CategoryForm(_NamedInLanguages, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Category in English"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    delete = forms.BooleanField(
        label=_("Remove"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_language_fields(category)
        if category is not None:
            self.fields["name"].disabled = True

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "pk": data.get("pk"),
            "name": data.get("name", ""),
            "delete": data.get("delete", False),
            "name_translations": self.name_translations(),
        }


def category_forms(data=None, *, categories=(), extra: int = 3) -> list[CategoryForm]:
    """A form per existing category, in order, then ``extra`` blank ones for new ones."""
    categories = list(categories)
    forms_ = []
    for i, category in enumerate(categories):
        initial = {"pk": category.pk, "name": category.name}
        forms_.append(CategoryForm(data, prefix=f"cat{i}", initial=initial, category=category))
    for i in range(len(categories), len(categories) + extra):
        forms_.append(CategoryForm(data, prefix=f"cat{i}"))
    return forms_
