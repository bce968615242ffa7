"""Forms of the special procedures' screens. They validate input; the services write. Every
choice of mandate comes from ``selectors.mandates`` and every stage from the lifecycle the
service enforces."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.followup.evidence import EVIDENCE_HELP, evidence_max_bytes
from recommendations.models import Communication, Mechanism, Review, State, Visit
from recommendations.reviews.forms import BodyChoiceField, _date, _select, _text
from recommendations.special import selectors, services


class BodyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        return data


class VisitForm(VersionedForm):
    state = forms.ModelChoiceField(
        label=_("State visited"), queryset=State.objects.all(), widget=_select()
    )
    mandate = BodyChoiceField(label=_("Mandate"), queryset=None, widget=_select())
    stage = forms.ChoiceField(label=_("Stage"), choices=(), widget=_select())
    requested_on = _date(_("Requested on"))
    accepted_on = _date(_("Accepted on"))
    start_date = _date(_("Visit from"))
    end_date = _date(_("Visit until"))
    closed_on = _date(_("Declined or withdrawn on"))
    report = forms.ModelChoiceField(
        label=_("Visit report (review)"),
        queryset=Review.objects.filter(mechanism=Mechanism.SPECIAL_PROCEDURE).select_related(
            "state_under_review", "body"
        ),
        required=False,
        widget=_select(),
        help_text=_("The special procedure's review that holds the report's recommendations."),
    )
    report_symbol = _text(_("Report symbol"), help_text=_("e.g. A/HRC/55/40/Add.1"))
    report_received_on = _date(_("Report received on"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def __init__(self, *args, visit: Visit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].required = True
        self.fields["mandate"].queryset = selectors.mandates()
        self.fields["stage"].choices = [
            (value, Visit.Stage(value).label) for value in services.allowed_stages(visit)
        ]

    @staticmethod
    def initial_for(visit: Visit) -> dict:
        names = [n for n in VisitForm.base_fields if n != "version"]
        return {**{n: getattr(visit, n) for n in names}, "version": visit.version}

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["notes"] = data.get("notes") or ""
        data["report_symbol"] = data.get("report_symbol") or ""
        return data


class CommunicationForm(VersionedForm):
    state = forms.ModelChoiceField(
        label=_("State addressed"), queryset=State.objects.all(), widget=_select()
    )
    reference = _text(_("Reference"), required=True, help_text=_("e.g. AL SVN 1/2026"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Communication.Kind.choices, widget=_select())
    mandates = BodyMultipleChoiceField(
        label=_("Mandates"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    subject = _text(_("Subject"), required=True, max_length=255)
    received_on = _date(_("Received on"))
    reply_due = _date(
        _("Reply due"), _("Left empty: 60 days after receipt. Change it if OHCHR asks otherwise.")
    )
    is_public = forms.BooleanField(
        label=_("Published by OHCHR"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("Leave unticked until OHCHR has published the communication."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = True
        self.fields["mandates"].queryset = selectors.mandates()

    @staticmethod
    def initial_for(communication: Communication) -> dict:
        names = [n for n in CommunicationForm.base_fields if n not in ("version", "mandates")]
        return {
            **{n: getattr(communication, n) for n in names},
            "mandates": list(communication.mandates.all()),
            "version": communication.version,
        }


class ReplyForm(VersionedForm):
    replied_on = _date(_("Replied on"))
    reply_document = forms.FileField(
        label=_("Reply document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].required = True
        self.fields["reply_document"].help_text = EVIDENCE_HELP % {
            "mb": evidence_max_bytes() // (1024 * 1024)
        }

    @staticmethod
    def initial_for(communication: Communication) -> dict:
        return {"replied_on": communication.replied_on, "version": communication.version}

    def service_kwargs(self) -> dict:
        return {
            "replied_on": self.cleaned_data["replied_on"],
            "document": self.cleaned_data["reply_document"],
        }
