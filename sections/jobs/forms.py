from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from .models import Job


class JobForm(forms.ModelForm):
    """The submitter's form. `website` is a honeypot: people never see it, bots fill it."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    url = forms.URLField(label="URL", required=False, assume_scheme="https")

    class Meta:
        model = Job
        fields = [
            "title",
            "company_name",
            "company_description",
            "category",
            "job_types",
            "city",
            "region",
            "country",
            "telecommuting",
            "agencies",
            "description",
            "requirements",
            "contact",
            "email",
            "url",
        ]
        widgets = {
            "job_types": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 10}),
            "requirements": forms.Textarea(attrs={"rows": 6}),
            "company_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.user = user

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and self.user is not None:
            limit = settings.JOBS_SUBMISSIONS_PER_DAY
            since = timezone.now() - timedelta(days=1)
            if Job.objects.filter(submitted_by=self.user, created__gte=since).count() >= limit:
                raise forms.ValidationError(
                    f"You have submitted {limit} jobs in the last 24 hours, the most allowed. "
                    "Please try again tomorrow, or edit one of your jobs.",
                    code="rate_limit",
                )
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a.capitalize()) for a in Job.MODERATOR_ACTIONS])
    comment = forms.CharField(
        label="Comment for the submitter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("comment"):
            self.add_error("comment", "Say what needs to change: the submitter reads this.")
        return cleaned
