from django import forms
from django.conf import settings

from pydotorg.core.limits import check_recent

from .models import StoryCategory

MARKUPS = [("markdown", "Markdown"), ("text", "Plain text")]


class StoryForm(forms.Form):
    """A visitor's story. `website` is a honeypot: people never see it, bots fill it. New
    stories are held to SUCCESS_STORIES_PER_DAY per user (`rows`: the user's stories)."""

    title = forms.CharField(label="Story title", max_length=255)
    company_name = forms.CharField(label="Company name", max_length=200)
    company_url = forms.URLField(label="Company URL", required=False, assume_scheme="https", max_length=200)
    category = forms.ModelChoiceField(queryset=StoryCategory.objects.all(), empty_label="Choose a category")
    author = forms.CharField(label="Author", max_length=200)
    author_email = forms.EmailField(label="Author's email", required=False, help_text="Not shown on the site.")
    pull_quote = forms.CharField(
        label="Pull quote",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two that sums the story up: shown in listings and the feed.",
    )
    markup = forms.ChoiceField(label="Written in", choices=MARKUPS, initial="markdown", widget=forms.RadioSelect)
    content = forms.CharField(label="Story", max_length=50_000, widget=forms.Textarea(attrs={"rows": 16}))
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.rows = rows

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError("The field “Leave this field empty” must be left empty.")
        if self.rows is not None:
            limit = getattr(settings, "SUCCESS_STORIES_PER_DAY", 3)
            check_recent(self.rows, "submitted_at", limit=limit, hours=24, what="stories", verb="submitted")
        return cleaned
