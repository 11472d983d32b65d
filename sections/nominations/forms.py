from django import forms
from django.utils.html import strip_tags

from .models import Election, ElectionKind, Nomination, verified_emails

PLAIN_FIELDS = ["name", "previous_service", "employer", "other_affiliations"]


class ElectionForm(forms.ModelForm):
    """For checks outside the admin (the admin runs the same `Election.clean`)."""

    class Meta:
        model = Election
        fields = ["name", "slug", "kind", "date", "nominations_open_at", "nominations_close_at", "description"]


class NominationForm(forms.ModelForm):
    """A nomination by a signed-in user. Plain-text fields refuse HTML; the statement is
    Markdown, sanitised when shown. Self-nomination needs one of the user's verified emails."""

    code_of_conduct_ack = forms.BooleanField(
        required=True, label="The nominee has read and agrees to follow the PSF Code of Conduct."
    )
    eligibility_ack = forms.BooleanField(required=True)

    class Meta:
        model = Nomination
        fields = [
            "name",
            "email",
            "self_nomination",
            "previous_service",
            "employer",
            "other_affiliations",
            "nomination_statement",
            "code_of_conduct_ack",
            "eligibility_ack",
        ]
        widgets = {"nomination_statement": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, election, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.election, self.user = election, user
        packaging = election.kind.form == ElectionKind.Form.PACKAGING
        self.fields["previous_service"].label = election.kind.service_label
        self.fields["eligibility_ack"].label = (
            "The nominee is eligible: an active contributor to the Python packaging ecosystem."
            if packaging
            else "The nominee is eligible: a PSF member who may serve on the Board."
        )
        self.fields["self_nomination"].label = "I am nominating myself (use one of your verified email addresses)."
        if self.instance.pk:  # editing: the nominee stays who they are
            self.fields["email"].disabled = True
            self.fields["self_nomination"].disabled = True

    def clean(self):
        data = super().clean()
        for name in PLAIN_FIELDS:
            value = data.get(name) or ""
            if strip_tags(value) != value:
                self.add_error(name, "Plain text only: no HTML.")
        email = (data.get("email") or "").strip().lower()
        if email:
            data["email"] = email
        own = {address.lower() for address in verified_emails(self.user)}
        if not self.instance.pk and email:
            if data.get("self_nomination") and email not in own:
                self.add_error("email", "To nominate yourself, use one of your verified email addresses.")
            duplicate = Nomination.objects.filter(election=self.election, nominator=self.user, email=email)
            if duplicate.exists():
                self.add_error("email", "You have already nominated this person in this election.")
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
