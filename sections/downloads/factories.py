"""Factories of every downloads page type and model. The operating systems 1-5 come from the
data migration; `OperatingSystemFactory` makes others."""

import factory
import wagtail_factories
from django.utils import timezone

from .models import OperatingSystem
from .pages import DocumentationPage, DownloadsIndexPage, ReleaseFile, ReleaseIndexPage, ReleasePage


class OperatingSystemFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Plan {n + 9}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))

    class Meta:
        model = OperatingSystem
        django_get_or_create = ["slug"]


class DownloadsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Downloads"
    slug = "downloads"
    intro = "Python source code and installers are available for download for all versions."

    class Meta:
        model = DownloadsIndexPage


class ReleaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Releases"
    slug = "release"

    class Meta:
        model = ReleaseIndexPage


class ReleasePageFactory(wagtail_factories.PageFactory):
    # A minor version no real release has: never the slug of a fixture's release (python-3140).
    title = factory.Sequence(lambda n: f"Python 3.{100 + n}.0")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-").replace(".", ""))
    version = 3
    release_date = factory.LazyFunction(timezone.now)
    content = "Python **rocks**."

    class Meta:
        model = ReleasePage


class DocumentationPageFactory(wagtail_factories.PageFactory):
    title = "Documentation"
    slug = "doc"

    class Meta:
        model = DocumentationPage


class ReleaseFileFactory(factory.django.DjangoModelFactory):
    os_id = 3
    name = factory.Sequence(lambda n: f"File {n}")
    slug = factory.Sequence(lambda n: f"file-{n}")
    description = "Gzipped source tarball"
    url = factory.Sequence(lambda n: f"https://www.python.org/ftp/python/3.14.0/Python-{n}.tgz")
    sha256_sum = "0" * 64
    filesize = 29_000_000

    class Meta:
        model = ReleaseFile
