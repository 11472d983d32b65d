"""A factory for the box snippet."""

import factory

from .models import Box


class BoxFactory(factory.django.DjangoModelFactory):
    """An HTML box; pass `markup_type` ("markdown", "restructuredtext", "text") and `content` for others."""

    label = factory.Sequence(lambda n: f"box-{n}")
    content = factory.LazyAttribute(lambda box: f"<p>The {box.label} box.</p>")
    markup_type = "html"

    class Meta:
        model = Box
