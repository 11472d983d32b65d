"""Forms of the sponsors section."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from .models import (
    AssetKind,
    Sponsor,
    SponsorContact,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipSettings,
)

# --- Application (and the sponsor's details, also edited from the dashboard) ---------------


class ApplicationForm(forms.Form):
    """Step 1 of the application: a package of the year (or none) and benefits of the year.
    The rules are `Sponsorship.check_selection`'s; a benefit's reasons go to
    `benefit_errors[pk]` (shown beside it). Without JavaScript, a package picked with no
    benefit brings the package's benefits (those not marked unavailable)."""

    package = forms.ModelChoiceField(
        queryset=SponsorshipPackage.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label="No package (standalone benefits only)",
        error_messages={"invalid_choice": "That package is not offered this year: pick one of the list."},
    )
    benefits = forms.ModelMultipleChoiceField(
        queryset=SponsorshipBenefit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Benefit %(value)s is not offered this year: pick benefits from the list.",
            "invalid_pk_value": "“%(pk)s” is not a benefit: pick benefits from the list.",
            "invalid_list": "Pick benefits from the list.",
        },
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.benefit_errors = {}
        self.filled_from_package = False
        self.fields["package"].queryset = SponsorshipPackage.objects.filter(year=year, advertise=True)
        self.fields["benefits"].queryset = (
            SponsorshipBenefit.objects.filter(year=year).select_related("program").with_used_capacity()
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        package, benefits = data.get("package"), list(data.get("benefits") or [])
        if package is not None and not benefits:
            benefits = [
                b
                for b in self.fields["benefits"].queryset.filter(pk__in=package.benefits.values("pk"))
                if not b.unavailable
            ]
            data["benefits"], self.filled_from_package = benefits, True
        for benefit, reasons in Sponsorship.check_selection(benefits, package, self.year).items():
            if benefit is None:
                for reason in reasons:
                    self.add_error(None, reason)
            else:
                self.benefit_errors[benefit.pk] = reasons
        if self.benefit_errors:
            self.add_error("benefits", "Some of these benefits cannot be picked: see the reason beside each.")
        return data

    def selected_ids(self):
        """The pks of the benefits shown checked (as strings)."""
        if self.is_bound and hasattr(self, "cleaned_data") and "benefits" in self.cleaned_data:
            return {str(b.pk) for b in self.cleaned_data["benefits"]}
        return {str(v) for v in (self["benefits"].value() or [])}


LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
LOGO_MIN_WIDTH, LOGO_MIN_HEIGHT, LOGO_MAX_SIDE = 100, 20, 8000
PRINT_LOGO_TYPES = {  # extension → what the file starts with
    ".pdf": (b"%PDF-",),
    ".eps": (b"%!PS", b"\xc5\xd0\xd3\xc6"),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".svg": (),  # checked below: an XML document with an <svg> element
}


def check_sponsor_upload(upload, what="file"):
    """Every upload of the section (logos, assets, signed contracts) within SPONSOR_UPLOAD_MAX_MB."""
    limit = settings.SPONSOR_UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            f"The {what} is {filesizeformat(upload.size)}: at most {settings.SPONSOR_UPLOAD_MAX_MB} MB, please."
        )


def https_urls(field, **kwargs):
    """A model field's form field; addresses typed without a scheme are https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SponsorForm(forms.ModelForm):
    """A sponsor's details: the application's step 2 for a new sponsor, and the dashboard's
    "update the sponsor's info". The web logo must be a real PNG, JPEG, GIF or WebP image of
    at least 100 px wide, the print logo an SVG, EPS, PDF or PNG file, both at most
    SPONSOR_UPLOAD_MAX_MB."""

    class Meta:
        model = Sponsor
        formfield_callback = https_urls
        fields = [
            "name",
            "description",
            "landing_page_url",
            "twitter_handle",
            "linked_in_page_url",
            "web_logo",
            "print_logo",
            "primary_phone",
            "mailing_address_line_1",
            "mailing_address_line_2",
            "city",
            "state",
            "postal_code",
            "country",
            "country_of_incorporation",
            "state_of_incorporation",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "web_logo": "PNG, JPEG, GIF or WebP, at least 100 pixels wide (a transparent PNG is best).",
            "print_logo": "Optional: a vector logo for print (SVG, EPS or PDF), or a large PNG.",
        }

    def clean_web_logo(self):
        logo = self.cleaned_data.get("web_logo")
        if not isinstance(logo, UploadedFile):  # unchanged (or missing: the field says so)
            return logo
        check_sponsor_upload(logo, "logo")
        image = getattr(logo, "image", None)  # forms.ImageField opened it: a real image
        if image is None or image.format not in LOGO_FORMATS:
            kind = getattr(image, "format", None) or "this file"
            raise ValidationError(f"The logo must be a PNG, JPEG, GIF or WebP image, not {kind}.")
        width, height = image.size
        if width < LOGO_MIN_WIDTH or height < LOGO_MIN_HEIGHT:
            raise ValidationError(
                f"The logo is {width} × {height} pixels: at least {LOGO_MIN_WIDTH} pixels wide "
                f"and {LOGO_MIN_HEIGHT} high, please."
            )
        if max(width, height) > LOGO_MAX_SIDE:
            raise ValidationError(f"The logo is {width} × {height} pixels: at most {LOGO_MAX_SIDE} on each side.")
        return logo

    def clean_print_logo(self):
        logo = self.cleaned_data.get("print_logo")
        if not isinstance(logo, UploadedFile):
            return logo
        check_sponsor_upload(logo, "print logo")
        extension = Path(logo.name).suffix.lower()
        if extension not in PRINT_LOGO_TYPES:
            raise ValidationError("The print logo must be an SVG, EPS, PDF or PNG file.")
        logo.seek(0)
        head = logo.read(4096)
        logo.seek(0)
        signatures = PRINT_LOGO_TYPES[extension]
        if extension == ".svg":
            valid = re.search(rb"<svg[\s>]", head) is not None and b"<script" not in head.lower()
        else:
            valid = head.startswith(signatures)
        if not valid:
            raise ValidationError(f"This file is not a {extension[1:].upper()} file: its content does not match.")
        return logo


class ContactForm(forms.ModelForm):
    """A contact of the sponsor (the "manager" role is PSF staff's, set in the admin)."""

    class Meta:
        model = SponsorContact
        fields = ["name", "email", "phone", "primary", "administrative", "accounting"]
        labels = {
            "primary": "Primary contact (signs the contract)",
            "administrative": "Administrative contact",
            "accounting": "Accounting contact",
        }
        help_texts = {"primary": ""}


class BaseContactFormSet(forms.BaseInlineFormSet):
    """At least one contact, at most one primary, no address twice."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(bool(c.get("primary")) for c in kept) > 1:
            raise ValidationError("Only one contact can be the primary contact.")
        emails = [c["email"].strip().lower() for c in kept if c.get("email")]
        if len(emails) != len(set(emails)):
            raise ValidationError("Each contact needs an email address of their own.")


ContactFormSet = forms.inlineformset_factory(
    Sponsor,
    SponsorContact,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    can_delete=False,
)


class ExistingSponsorForm(forms.Form):
    """Step 2's choice between the sponsors the applicant already manages and a new one."""

    sponsor = forms.ModelChoiceField(
        queryset=Sponsor.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label="A new sponsor: its details below",
        error_messages={"invalid_choice": "You are not a contact of that sponsor: pick one of the list."},
    )

    def __init__(self, *args, sponsors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors


# --- Sponsors' dashboard: assets ----------------------------------------------------------


IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}  # Pillow's name → extension


def _svg(head, content):
    text = content.decode("utf-8", "replace").lower()
    return "<svg" in text and not re.search(r"<script|javascript:|\son[a-z]+\s*=", text)


# The file types an asset of kind "file" may be: extension → (name, check of the content).
FILE_TYPES = {
    "pdf": ("PDF", lambda head, content: head.startswith(b"%PDF-")),
    "png": ("PNG", lambda head, content: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("JPEG", lambda head, content: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("JPEG", lambda head, content: head.startswith(b"\xff\xd8\xff")),
    "gif": ("GIF", lambda head, content: head[:6] in (b"GIF87a", b"GIF89a")),
    "webp": ("WebP", lambda head, content: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    "svg": ("SVG", _svg),
    "eps": ("EPS", lambda head, content: head.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6"))),
    "zip": ("ZIP", lambda head, content: head.startswith(b"PK\x03\x04")),
}
FILE_TYPES_TEXT = "PDF, PNG, JPEG, GIF, WebP, SVG, EPS or ZIP"


class AssetImageField(forms.ImageField):
    """A real image (opened by Pillow) of PNG, JPEG, GIF or WebP, within the asset's sizes and
    the upload limit; stored with the extension of its real format."""

    def __init__(self, asset, **kwargs):
        self.asset = asset
        super().__init__(**kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        check_sponsor_upload(data, "image")
        upload = super().to_python(data)  # not an image Pillow can read: "Upload a valid image…"
        extension = IMAGE_FORMATS.get(upload.image.format)
        if extension is None:
            raise ValidationError(f"A {upload.image.format} image is not accepted: upload a PNG, JPEG, GIF or WebP.")
        width, height = upload.image.size
        asset, problems = self.asset, []
        if asset.min_width and width < asset.min_width:
            problems.append(f"at least {asset.min_width} pixels wide")
        if asset.max_width and width > asset.max_width:
            problems.append(f"at most {asset.max_width} pixels wide")
        if asset.min_height and height < asset.min_height:
            problems.append(f"at least {asset.min_height} pixels high")
        if asset.max_height and height > asset.max_height:
            problems.append(f"at most {asset.max_height} pixels high")
        if problems:
            raise ValidationError(f"This image is {width} × {height} pixels; it must be {' and '.join(problems)}.")
        upload.name = f"{Path(upload.name).stem or 'image'}.{extension}"
        return upload


class AssetFileField(forms.FileField):
    """A file of one of FILE_TYPES whose content is what its name says, within the upload limit."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        check_sponsor_upload(upload)
        extension = Path(upload.name).suffix.lower().lstrip(".")
        if extension not in FILE_TYPES:
            raise ValidationError(f"Files of this type are not accepted: upload a {FILE_TYPES_TEXT} file.")
        name, check = FILE_TYPES[extension]
        upload.seek(0)
        content = upload.read() if extension == "svg" else b""
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not check(head, content):
            if extension == "svg":
                raise ValidationError("This is not an SVG image we accept (no scripts or event handlers).")
            raise ValidationError(f"This file is not a {name} file: its content does not match its name.")
        return upload


RESPONSES = [("", "No answer yet"), ("yes", "Yes"), ("no", "No")]


class AssetsForm(forms.Form):
    """The sponsor's required assets of a sponsorship: one field (`asset_<pk>`) per editable
    asset. Saving is all or nothing: `save` runs only on a valid form, in one transaction.
    A blank text or response takes back an earlier answer; a blank upload keeps the file.
    `closed` are the assets that may no longer be changed (past their due date): a value
    sent for one of them refuses the whole submission."""

    def __init__(self, *args, assets, closed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assets = {f"asset_{asset.pk}": asset for asset in assets}
        self.closed = {f"asset_{asset.pk}": asset for asset in closed}
        for name, asset in self.assets.items():
            self.fields[name] = self.field_for(asset)

    def clean(self):
        for name, asset in self.closed.items():
            if self.data.get(name) or self.files.get(name):
                due = asset.due_date
                when = f" was due on {due:%B} {due.day}, {due.year} and" if due else ""
                raise ValidationError(
                    f"“{asset.label}”{when} can no longer be changed here: contact sponsors@python.org. "
                    "Nothing was saved."
                )
        return super().clean()

    @staticmethod
    def field_for(asset):
        common = {"label": asset.label, "help_text": asset.help_text, "required": False}
        if asset.kind == AssetKind.IMAGE:
            sizes = []
            if asset.min_width or asset.max_width:
                sizes.append(f"width {asset.min_width or 1}–{asset.max_width or '…'} px")
            if asset.min_height or asset.max_height:
                sizes.append(f"height {asset.min_height or 1}–{asset.max_height or '…'} px")
            limits = ", ".join(["PNG, JPEG, GIF or WebP", *sizes, f"up to {settings.SPONSOR_UPLOAD_MAX_MB} MB"])
            common["help_text"] = f"{asset.help_text} ({limits})".strip()
            return AssetImageField(asset, widget=forms.FileInput(attrs={"accept": "image/*"}), **common)
        if asset.kind == AssetKind.FILE:
            common["help_text"] = f"{asset.help_text} ({FILE_TYPES_TEXT}, up to {settings.SPONSOR_UPLOAD_MAX_MB} MB)"
            return AssetFileField(widget=forms.FileInput, **common)
        if asset.kind == AssetKind.RESPONSE:
            return forms.ChoiceField(choices=RESPONSES, initial=asset.text, **common)
        return forms.CharField(
            max_length=asset.max_length, initial=asset.text, widget=forms.Textarea(attrs={"rows": 3}), **common
        )

    def changes(self):
        """[(asset, new value)] of the assets this submission changes (a file, a text, "" to
        take an answer back)."""
        changes = []
        for name, asset in self.assets.items():
            value = self.cleaned_data.get(name)
            if asset.kind in (AssetKind.IMAGE, AssetKind.FILE):
                if value:
                    changes.append((asset, value))
            elif (value or "") != asset.text:
                changes.append((asset, value or ""))
        return changes

    def save(self, user):
        """Store the changes; returns the assets submitted (not those taken back)."""
        submitted = []
        now = timezone.now()
        with transaction.atomic():
            for asset, value in self.changes():
                if asset.kind in (AssetKind.IMAGE, AssetKind.FILE):
                    asset.file.save(value.name, value, save=False)
                else:
                    asset.text = value
                if value:
                    asset.submitted_at, asset.submitted_by = now, user
                    submitted.append(asset)
                else:
                    asset.submitted_at = asset.submitted_by = None
                asset.save(update_fields=["text", "file", "submitted_at", "submitted_by"])
        return submitted


# --- Admin: the catalogue and the staff workflow (wagtail_hooks.py) -------------------------


def current_year():
    return SponsorshipSettings.load().current_year


class BenefitAdminForm(WagtailAdminModelForm):
    """The benefit's packages and conflicts as checkboxes, offering only those of the benefit's
    year (the year posted, or the benefit's, or the current sponsorship year for a new one),
    and its legal clauses as checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("year", current_year())
        year = self.data.get(self.add_prefix("year")) if self.is_bound else self.initial.get("year")
        try:
            year = int(year or self.instance.year or 0)
        except (TypeError, ValueError):
            year = 0  # the year field itself reports the error
        for name in ("packages", "conflicts", "legal_clauses"):
            if name not in self.fields:
                continue
            field = self.fields[name]
            queryset = field.queryset
            if name != "legal_clauses":
                queryset = queryset.filter(year=year)
            if name == "conflicts" and self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
            field.widget = forms.CheckboxSelectMultiple()
            field.queryset = queryset  # also gives the new widget its choices
            if name != "legal_clauses":
                field.help_text = f"Those of {year or 'the benefit’s year'} (save after changing the year for others)."


class CloneYearForm(forms.Form):
    from_year = forms.IntegerField(label="Clone the catalogue of", min_value=2000, max_value=2999)
    to_year = forms.IntegerField(label="Into the year", min_value=2000, max_value=2999)
    make_current = forms.BooleanField(
        label="Make it the current year", required=False, help_text="Applications will be for the new year."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_year") and cleaned.get("from_year") == cleaned.get("to_year"):
            raise ValidationError("Pick two different years.")
        return cleaned


class ApproveForm(forms.Form):
    start_date = forms.DateField(widget=AdminDateInput)
    end_date = forms.DateField(widget=AdminDateInput)
    sponsorship_fee = forms.IntegerField(label="Agreed fee (US$)", min_value=0)
    package = forms.ModelChoiceField(
        queryset=SponsorshipPackage.objects.none(), required=False, empty_label="No package (a la carte)"
    )
    comment = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the history."
    )

    def __init__(self, *args, sponsorship, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "start_date": sponsorship.start_date,
                "end_date": sponsorship.end_date,
                "sponsorship_fee": sponsorship.sponsorship_fee
                if sponsorship.sponsorship_fee is not None
                else sponsorship.estimated_cost,
                "package": sponsorship.package_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = SponsorshipPackage.objects.filter(year=sponsorship.year)
        self.fields["package"].help_text = f"The packages of {sponsorship.year}."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must not be before the start date.")
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(CommentForm):
    comment = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: mailed to the sponsor's contacts and kept in the history.",
    )


class SignedDocumentForm(forms.Form):
    signed_document = forms.FileField(label="Signed contract (PDF)")

    def clean_signed_document(self):
        # pypdf (with fontTools) is ~8 MB a worker: imported only when a contract is uploaded.
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        upload = self.cleaned_data["signed_document"]
        check_sponsor_upload(upload, "signed contract")
        try:
            upload.seek(0)
            if not upload.read(5).startswith(b"%PDF-"):
                raise ValueError("no PDF header")
            upload.seek(0)
            pages = len(PdfReader(upload).pages)
        except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
            pages = 0
        upload.seek(0)
        if not pages:
            raise ValidationError("This file is not a readable PDF: upload the signed contract as a PDF.")
        return upload
