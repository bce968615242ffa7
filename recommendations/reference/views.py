"""The secretariat's screen for the names of States, bodies, themes and groups in the
interface languages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import add_form_errors, require
from recommendations.reference.names import (
    KINDS,
    MANAGE,
    name_languages,
    reference_names_set,
    reference_records,
    stored_name,
)


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


class NamesForm(forms.Form):
    """One field a language, and the names as the person saw them (hidden)."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = name_languages()
        for code, language in self.languages:
            value = stored_name(record, code)
            self.fields[code] = forms.CharField(
                label=language,
                required=False,
                max_length=255,
                initial=value,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "lang": code, "dir": "auto"}
                ),
            )
            self.fields[f"was_{code}"] = forms.CharField(
                required=False, initial=value, widget=forms.HiddenInput
            )

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code, "") for code, _name in self.languages}

    def started_from(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"was_{code}", "") for code, _name in self.languages}


@login_required
@require_safe
def names_list(request, kind):
    require(request.user, MANAGE)
    model, key, label = _kind(kind)
    search = request.GET.get("q", "").strip()
    page = Paginator(reference_records(kind, search), 50).get_page(request.GET.get("page"))
    languages = name_languages()
    rows = [
        {
            "key": getattr(record, key),
            "name": record.name,
            "names": [stored_name(record, code) for code, _name in languages],
        }
        for record in page
    ]
    context = {
        "kind": kind,
        "name_kinds": [(k, v[2]) for k, v in KINDS.items()],
        "label": label,
        "name_languages": languages,
        "rows": rows,
        "page": page,
        "search": search,
    }
    return render(request, "reference/names_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def names_edit(request, kind, key):
    require(request.user, MANAGE)
    model, key_field, label = _kind(kind)
    record = get_object_or_404(model, **{key_field: key})
    form = NamesForm(request.POST or None, record=record)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reference_names_set(
                    actor=request.user,
                    record=record,
                    names=form.names(),
                    started_from=form.started_from(),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
                # What is stored now, so that saving again is a choice made knowingly.
                record.refresh_from_db()
                form.data = form.data.copy()
                for code, _name in form.languages:
                    form.data[f"was_{code}"] = stored_name(record, code)
            else:
                messages.success(request, _("The names are saved."))
                return redirect("reference:names", kind=kind)
        status = 400
    context = {"kind": kind, "label": label, "record": record, "key": key, "form": form}
    return render(request, "reference/names_edit.html", context, status=status)
