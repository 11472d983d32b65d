"""Downloads data: the operating systems files are made for. The page types (releases,
their files, the Downloads and Documentation pages) are in pages.py. See
docs/sections/downloads.md."""

from django.db import models

# python.org's stable keys: the release script decides `is_source` by "OS pk == 3".
OS_WINDOWS, OS_MACOS, OS_SOURCE, OS_ANDROID, OS_IOS = 1, 2, 3, 4, 5


class OperatingSystem(models.Model):
    cache_keys = ("downloads",)  # page cache keys (pydotorg/core/pagecache.py)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "operating system"

    def __str__(self):
        return self.name
