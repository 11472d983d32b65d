"""Small HTML helpers shared by every section."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

# The escapes of Django's json_script: no "</script>" or "<!--" can end the element early.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON for a `<script type="application/ld+json">` element (schema.org)."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, indent=2).translate(_ESCAPES))  # noqa: S308 escaped
