from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Box


def box_detail(request, label):
    """The rendered HTML of one box, as python.org serves at /box/<label>/."""
    box = get_object_or_404(Box, label=label)
    return TemplateResponse(request, "boxes/box_detail.html", {"box": box})
