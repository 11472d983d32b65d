"""The admin form of board minutes: their address is their date. The title and the slug may be
left empty (both are made from the date) and a slug other than the date is replaced by it; a
second set of minutes for a date already recorded is refused on the date field (the model's
`clean`, which holds outside the admin too)."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


def minutes_title(date):
    return f"Board minutes, {date:%B} {date.day}, {date:%Y}"


class MinutesPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False
        if "title" in self.fields:
            self.fields["title"].help_text = "Left empty: “Board minutes, <date>”."
        if "slug" in self.fields:
            self.fields["slug"].help_text = "Always the date of the meeting (YYYY-MM-DD): set for you."

    def clean(self):
        date = self.cleaned_data.get("date")
        if date is not None:
            if not self.cleaned_data.get("title"):
                self.cleaned_data["title"] = minutes_title(date)
            self.cleaned_data["slug"] = date.isoformat()
            if self.instance.same_date(date, parent=self.parent_page).exists():
                # MinutesPage.clean refuses it on the date; no second message on the slug.
                del self.cleaned_data["slug"]
        elif not self.cleaned_data.get("title"):
            self.add_error("title", forms.ValidationError("Give a title, or the date to make it from."))
        return super().clean()


class RosterFilterForm(forms.Form):
    """The roster's filters (GET). Anything invalid is dropped, never a 500."""

    q = forms.CharField(label="Name", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False)
    year = forms.TypedChoiceField(label="Year elected", required=False, coerce=int, empty_value=None)

    def __init__(self, data, statuses, years):
        super().__init__(data)
        self.fields["status"].choices = [("", "Any status"), *statuses]
        self.fields["year"].choices = [("", "Any year"), *((year, year) for year in years)]

    def filters(self):
        """The valid filters only: {"q": ..., "status": ..., "year": ...}."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
