"""Forms of the secretariat screens. They validate input; services do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from mechanisms.models import (
    Institution,
    MechanismMember,
    Meeting,
    NationalMechanism,
    Profile,
    Seat,
    Stakeholder,
)

User = get_user_model()


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class InstitutionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "parent", "is_active", "name_translations"]
        help_texts = {
            "name_translations": _('Names in other languages, e.g. {"fr": "Ministère de la Santé"}')
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Institution.objects.filter(is_active=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["name_translations"].required = False

    def clean_name_translations(self):
        value = self.cleaned_data.get("name_translations") or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise forms.ValidationError(_('Give names as {"language code": "name"}.'))
        return value


class SeatForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["institution", "level", "title", "holder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(is_active=True)
        self.fields["holder"].queryset = User.objects.filter(is_active=True).order_by("username")


class SeatTransferForm(BootstrapMixin, forms.Form):
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=User.objects.none())
    handover_note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What the successor needs to know. It stays with the seat's history."),
    )

    def __init__(self, *args, seat: Seat, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True).order_by("username")
        if seat.holder_id:
            users = users.exclude(pk=seat.holder_id)
        self.fields["successor"].queryset = users


class InviteForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Profile.Role.choices)
    seat = forms.ModelChoiceField(
        label=_("Seat (focal points)"), queryset=Seat.objects.none(), required=False
    )
    institution = forms.ModelChoiceField(
        label=_("Institution (viewers)"), queryset=Institution.objects.none(), required=False
    )
    stakeholder = forms.ModelChoiceField(
        label=_("Organisation (NHRI and CSO members)"),
        queryset=Stakeholder.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = Seat.objects.select_related("institution", "holder").filter(
            institution__is_active=True
        )
        self.fields["institution"].queryset = Institution.objects.filter(is_active=True)
        self.fields["stakeholder"].queryset = Stakeholder.objects.all()


class SetPasswordForm(BootstrapMixin, forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class StakeholderForm(BootstrapMixin, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Stakeholder
        fields = ["name", "acronym", "kind", "website", "is_verified"]


class MechanismForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = NationalMechanism
        fields = ["name", "mandate", "legal_basis", "secretariat"]


class MechanismMemberForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MechanismMember
        fields = ["institution", "membership"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(is_active=True)


class MeetingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "title", "minutes", "minutes_file"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class TokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
