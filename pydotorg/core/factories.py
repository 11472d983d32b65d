"""Factories of the core: a base for snippets with drafts and revisions, and the banner (the
navigation is a site setting, one per site)."""

import factory

from .models import Banner


class RevisionedSnippetFactory(factory.django.DjangoModelFactory):
    """A snippet saved with its first revision, published when `live` (the default): as an
    editor leaves one. `live=False` for a draft, `revision=False` for no revision at all."""

    live = True

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(self, create, extracted, **kwargs):
        if create and extracted is not False:
            revision = self.save_revision()
            if self.live:
                revision.publish()


class BannerFactory(RevisionedSnippetFactory):
    """A published banner with no window (shown until unpublished) and its first revision;
    pass `start`/`end` for a window, `live=False` for a draft, `revision=False` for no revision."""

    title = factory.Sequence(lambda n: f"Banner {n}")
    message = "<p>The PSF is looking for volunteers.</p>"
    link_url = "https://www.python.org/psf/volunteer/"
    link_text = "Volunteer"
    start = None
    end = None

    class Meta:
        model = Banner
