"""A factory for the code sample snippet."""

import factory

from pydotorg.core.factories import RevisionedSnippetFactory

from .models import CodeSample


class CodeSampleFactory(RevisionedSnippetFactory):
    """A published code sample with its first revision, as the editor leaves one;
    `live=False` for a draft, `revision=False` for no revision at all."""

    title = factory.Sequence(lambda n: f"Sample {n}")
    code = '<pre><code><span class="comment"># Python 3</span>\nprint("Hello, world!")</code></pre>'
    copy = factory.LazyAttribute(lambda sample: f"<h1>{sample.title}</h1><p>What it shows.</p>")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = CodeSample
