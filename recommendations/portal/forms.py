"""Forms of the portal's participation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.followup.evidence import evidence_max_bytes, sniff_evidence
from recommendations.models import Assessment, Status


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class AssessmentForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status in your assessment"), choices=Status.choices
    )
    traffic_light = forms.ChoiceField(
        label=gettext_lazy("Traffic light"),
        choices=[("", "—"), *Assessment.Light.choices],
        required=False,
    )
    narrative = forms.CharField(
        label=gettext_lazy("Your assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (PDF, image or office file)"), required=False
    )
    organisation_only = forms.BooleanField(
        label=gettext_lazy("Publish under the organisation's name only, without my name"),
        required=False,
        initial=True,
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > evidence_max_bytes():
            raise forms.ValidationError(_("The file is too large."))
        kind = sniff_evidence(upload.read())
        upload.seek(0)
        if kind is None:
            raise forms.ValidationError(_("This kind of file is not accepted."))
        upload.nrtd_kind = kind  # the stored name's extension comes from the content
        return upload
