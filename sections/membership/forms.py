from django import forms

from .models import Membership


class MembershipForm(forms.ModelForm):
    """The member's own form (sign-up and edit): the type, the affirmation and the user are
    not theirs to set."""

    class Meta:
        model = Membership
        fields = [
            "legal_name",
            "preferred_name",
            "address",
            "city",
            "region",
            "postal_code",
            "country",
            "psf_code_of_conduct",
            "psf_announcements",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["psf_code_of_conduct"].required = True
        self.fields["psf_code_of_conduct"].error_messages["required"] = "You must agree to the PSF Code of Conduct."


class AffirmForm(forms.Form):
    affirm = forms.BooleanField(
        label="I affirm that I intend to vote in PSF elections this year.",
        error_messages={"required": "Tick the box to affirm."},
    )
