"""The page types of downloads: the Downloads page (/downloads/ and python.org's URLs under
it), the release index, a release with its files (an inline orderable) and the
Documentation page. Each route is one line calling views.py. See
docs/sections/downloads.md."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page
from wagtail.search import index

from pydotorg.core.markup import render_markdown
from sections.pages.pages import BasePage

from . import queries, rules, views
from .models import OperatingSystem


class DownloadsIndexPage(RoutablePageMixin, BasePage):
    """/downloads/: the latest release's button for every OS (the browser puts the visitor's
    first: os.js), the active release series, every release grouped by series; and
    python.org's non-page URLs under it (latest/…, operating-systems/, one page per OS,
    feed). The same page for every visitor: nothing here reads the User-Agent."""

    cache_keys = ("downloads",)  # page cache keys (pydotorg/core/pagecache.py)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["downloads.ReleaseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "downloads index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            latest=queries.latest_python3(),
            series=queries.active_series(),
            groups=queries.series_groups(),
        )
        return context

    @path("latest/python3/")
    def latest_python3(self, request):
        return views.latest(request, self, version=3)

    @path("latest/prerelease/")
    def latest_prerelease(self, request):
        return views.latest(request, self, version=3, pre_release=True)

    @path("latest/pymanager/")
    def latest_pymanager(self, request):
        return views.latest(request, self, version=100)

    @path("latest/")
    def latest(self, request):
        return views.latest(request, self, version=3)

    @path("operating-systems/")
    def operating_systems(self, request):
        return views.operating_systems(request, self)

    @path("feed/")
    def feed(self, request):
        return views.feed(request)

    # Any slug but the release index's ("release"), which is a child page.
    @re_path(r"^(?P<os_slug>(?!release/)[-\w]+)/$")
    def os_page(self, request, os_slug):
        return views.os_page(request, self, os_slug)


class ReleaseIndexPage(Page):
    """/downloads/release/: the parent of every release page; lists the series, then every
    release newest first a page at a time (`?page=`), or one series' (`?series=3.14`)."""

    cache_keys = ("downloads",)  # page cache keys (pydotorg/core/pagecache.py)

    parent_page_types = ["downloads.DownloadsIndexPage"]
    subpage_types = ["downloads.ReleasePage"]
    max_count = 1

    class Meta:
        verbose_name = "release index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = request.GET.get("page", "")
        context["groups"] = queries.series_groups()
        context["listing"] = queries.release_listing(request.GET.get("series"), int(page) if page.isdigit() else 1)
        return context


class ReleasePageForm(WagtailAdminPageForm):
    """The editor's checks across the inline files: one download button per OS, unique
    slugs and URLs within the release (the database checks across releases)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("files")
        if formset is None:
            return cleaned
        forms = [f for f in formset.forms if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")]
        seen = {"button": set(), "slug": set(), "url": set()}
        for form in forms:
            data = form.cleaned_data
            os = data.get("os")
            if data.get("download_button") and os is not None:
                if os.pk in seen["button"]:
                    form.add_error(
                        "download_button",
                        "This release already has a download button for this operating system.",
                    )
                seen["button"].add(os.pk)
            for field in ("slug", "url"):
                value = data.get(field)
                if value and value in seen[field]:
                    form.add_error(field, f"Another file of this release has this {field}.")
                seen[field].add(value)
        return cleaned


class ReleasePage(Page):
    """A release of Python (`/downloads/release/<slug>/`): its notes and its files. The
    page title is the release's name ("Python 3.14.0"); published = python.org's
    `is_published`."""

    cache_keys = ("downloads",)  # page cache keys (pydotorg/core/pagecache.py)

    VERSION_CHOICES = [(1, "Python 1.x.x"), (2, "Python 2.x.x"), (3, "Python 3.x.x"), (100, "Python install manager")]

    version = models.IntegerField(choices=VERSION_CHOICES, default=3)
    is_latest = models.BooleanField(
        default=False,
        verbose_name="is latest",
        help_text=(
            "python.org's API field (saving one clears the others). The site itself always shows the newest "
            "published final release of the newest series as the latest."
        ),
    )
    pre_release = models.BooleanField(default=False, verbose_name="pre-release")
    show_on_download_page = models.BooleanField(default=True)
    release_date = models.DateTimeField(null=True, blank=True, db_index=True)
    release_notes_url = models.URLField(blank=True, max_length=500)
    content = models.TextField(blank=True, help_text="Release notes, in Markdown.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    base_form_class = ReleasePageForm
    # A release refers to nothing editors would look up usage of; skipping the reference
    # index keeps saving (and loading python.org's 600+ releases) cheap.
    wagtail_reference_index_ignore = True
    parent_page_types = ["downloads.ReleaseIndexPage"]
    subpage_types = []
    # Site search: "3.13" finds the 3.13 releases (their series) on PostgreSQL too, whose
    # parser reads "3.13.0" in the title as one word.
    search_fields = Page.search_fields + [index.SearchField("series", boost=2), index.SearchField("content")]

    content_panels = [
        FieldPanel("title", heading="Name", help_text='For example "Python 3.14.0".'),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("version"), FieldPanel("release_date")]),
                FieldRowPanel(
                    [FieldPanel("is_latest"), FieldPanel("pre_release"), FieldPanel("show_on_download_page")]
                ),
                FieldPanel("release_notes_url"),
            ],
            heading="Release",
        ),
        FieldPanel("content"),
        InlinePanel("files", heading="Files", label="File"),
    ]

    class Meta:
        verbose_name = "release"
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(is_latest=True), name="downloads_one_latest_per_version"
            ),
        ]

    @property
    def name(self):
        return self.title

    @property
    def is_published(self):
        return self.live

    @cached_property
    def series(self):
        """ "3.14" for "Python 3.14.0rc2"."""
        return queries.series_of(self.title)

    def clean(self):
        super().clean()
        if ReleasePage.objects.filter(title=self.title).exclude(pk=self.pk).exists():
            raise ValidationError({"title": "A release with this name already exists."})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.is_latest and (update_fields is None or "is_latest" in update_fields):
            ReleasePage.objects.filter(version=self.version, is_latest=True).exclude(pk=self.pk).update(is_latest=False)
        return super().save(*args, **kwargs)

    def content_html(self):
        return mark_safe(render_markdown(self.content))  # noqa: S308 (sanitised by nh3)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = self.files.select_related("os").order_by("os_id", "sort_order", "pk")
        return context


class ReleaseFile(Orderable):
    """One downloadable artifact of a release, with its checksums, signatures and SBOM."""

    cache_keys = ("downloads",)  # page cache keys (pydotorg/core/pagecache.py)

    release = ParentalKey(ReleasePage, on_delete=models.CASCADE, related_name="files")
    os = models.ForeignKey(OperatingSystem, on_delete=models.PROTECT, related_name="files", verbose_name="OS")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_source = models.BooleanField("is source", default=False)
    url = models.URLField("URL", unique=True, max_length=255, db_index=True)
    gpg_signature_file = models.URLField("GPG signature file", blank=True, max_length=255)
    sigstore_signature_file = models.URLField("Sigstore signature file", blank=True, max_length=255)
    sigstore_cert_file = models.URLField("Sigstore certificate file", blank=True, max_length=255)
    sigstore_bundle_file = models.URLField("Sigstore bundle file", blank=True, max_length=255)
    sbom_spdx2_file = models.URLField("SPDX-2 SBOM file", blank=True, max_length=255)
    md5_sum = models.CharField("MD5 sum", max_length=200, blank=True)
    sha256_sum = models.CharField("SHA-256 sum", max_length=200, blank=True)
    filesize = models.BigIntegerField(default=0)
    download_button = models.BooleanField(default=False, help_text="The main download button of this OS.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("os"), FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("is_source"), FieldPanel("download_button"), FieldPanel("filesize")]),
        FieldRowPanel([FieldPanel("sha256_sum"), FieldPanel("md5_sum")]),
        MultiFieldPanel(
            [
                FieldPanel("gpg_signature_file"),
                FieldPanel("sigstore_signature_file"),
                FieldPanel("sigstore_cert_file"),
                FieldPanel("sigstore_bundle_file"),
                FieldPanel("sbom_spdx2_file"),
            ],
            heading="Signatures and SBOM",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "release file"
        constraints = [
            models.UniqueConstraint(
                fields=["release", "os"],
                condition=Q(download_button=True),
                name="downloads_one_button_per_os_per_release",
                violation_error_message="This release already has a download button for this operating system.",
            ),
            models.CheckConstraint(condition=Q(filesize__gte=0), name="downloads_filesize_not_negative"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = rules.file_errors({f: getattr(self, f) for f in ["url", "filesize", *rules.SIGNATURE_SUFFIXES]})
        if errors:
            raise ValidationError(errors)

    def signatures(self):
        """(label, URL) of the signature and SBOM files this file has."""
        labels = [
            ("GPG", self.gpg_signature_file),
            ("Sigstore signature", self.sigstore_signature_file),
            ("Sigstore certificate", self.sigstore_cert_file),
            ("Sigstore bundle", self.sigstore_bundle_file),
        ]
        return [(label, url) for label, url in labels if url]


class DocumentationPage(RoutablePageMixin, BasePage):
    """/doc/ (the documentation links) and /doc/versions/ (the docs of each Python
    version, with the status of its series)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pages.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "documentation index page"

    @path("versions/")
    def versions(self, request):
        return views.doc_versions(request, self)
