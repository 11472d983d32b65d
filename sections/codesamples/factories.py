"""A factory for the code sample snippet."""

import factory

from .models import CodeSample


class CodeSampleFactory(factory.django.DjangoModelFactory):
    """A published code sample with its first revision, as the editor leaves one;
    `live=False` for a draft, `revision=False` for no revision at all."""

    title = factory.Sequence(lambda n: f"Sample {n}")
    code = '<pre><code><span class="comment"># Python 3</span>\nprint("Hello, world!")</code></pre>'
    copy = factory.LazyAttribute(lambda sample: f"<h1>{sample.title}</h1><p>What it shows.</p>")
    sort_order = factory.Sequence(lambda n: n)
    live = True

    class Meta:
        model = CodeSample
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(self, create, extracted, **kwargs):
        if create and extracted is not False:
            revision = self.save_revision()
            if self.live:
                revision.publish()
