"""A factory for the core's banner snippet (the navigation is a site setting, one per site)."""

import factory

from .models import Banner


class BannerFactory(factory.django.DjangoModelFactory):
    """A published banner with no window (shown until unpublished) and its first revision;
    pass `start`/`end` for a window, `live=False` for a draft, `revision=False` for no revision."""

    title = factory.Sequence(lambda n: f"Banner {n}")
    message = "<p>The PSF is looking for volunteers.</p>"
    link_url = "https://www.python.org/psf/volunteer/"
    link_text = "Volunteer"
    start = None
    end = None
    live = True

    class Meta:
        model = Banner
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(self, create, extracted, **kwargs):
        if create and extracted is not False:
            revision = self.save_revision()
            if self.live:
                revision.publish()
