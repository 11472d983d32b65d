from django import forms
from django.conf import settings

from pydotorg.core.limits import check_recent

from .models import Job, JobEvent


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
            rows = Job.objects.filter(submitted_by=self.user)
            limit = settings.JOBS_SUBMISSIONS_PER_DAY
            check_recent(rows, "created", limit=limit, hours=24, what="jobs", verb="submitted")
        return cleaned


class CommentForm(forms.Form):
    """A comment in a job's thread; `user` (None for moderators, who answer many) is held
    to JOBS_COMMENTS_PER_HOUR."""

    comment = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            rows = JobEvent.objects.filter(actor=self.user, action="comment")
            check_recent(rows, "created", limit=settings.JOBS_COMMENTS_PER_HOUR, hours=1, what="comments")
        return cleaned


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
