"""Blocks of the navigation setting: three levels, as python.org's menu tree has."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .validators import validate_site_link, validate_site_path_exists


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100)
    url = blocks.CharBlock(max_length=300, help_text="A path on this site (/about/) or a full URL.")
    hint = blocks.CharBlock(max_length=200, required=False, help_text="Shown as the link's tooltip.")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_site_link(value["url"])
            validate_site_path_exists(value["url"])
        except ValidationError as exc:
            raise StructBlockValidationError(block_errors={"url": exc}) from exc
        return value


class SectionLinkBlock(LinkBlock):
    footer_only = blocks.BooleanBlock(
        required=False, default=False, help_text="Show in the footer's site map only, not in the main navigation."
    )
    children = blocks.ListBlock(LinkBlock(), default=[], label="Drop-down links")


class TopLinkBlock(LinkBlock):
    children = blocks.ListBlock(SectionLinkBlock(), default=[], label="Sections")


class MenuBlock(blocks.StreamBlock):
    item = TopLinkBlock()
