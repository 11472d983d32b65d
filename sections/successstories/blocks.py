"""The blocks of a story's content: rich text for editors, Markdown and plain text for the
visitors' submissions, reStructuredText for python.org's legacy stories, images and quotes.
Every markup is rendered and sanitised by pydotorg.core.markup."""

from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from pydotorg.core.markup import render_markup


class MarkupBlock(blocks.TextBlock):
    """Text in a markup (`markup` of the block's Meta), rendered and sanitised."""

    def render_basic(self, value, context=None):
        return mark_safe(render_markup(value, self.meta.markup))

    class Meta:
        markup = "text"


class MarkdownBlock(MarkupBlock):
    class Meta:
        icon = "code"
        markup = "markdown"
        description = "Markdown text, rendered safely"


class RestructuredTextBlock(MarkupBlock):
    class Meta:
        icon = "doc-full"
        label = "reStructuredText"
        markup = "restructuredtext"
        description = "reStructuredText, rendered safely"


class HtmlBlock(MarkupBlock):
    """HTML, sanitised when rendered: python.org's stories moved over unchanged."""

    class Meta:
        icon = "code"
        label = "HTML"
        markup = "html"
        description = "HTML, sanitised (scripts, styles and event handlers removed)"


class PlainTextBlock(MarkupBlock):
    """Plain text: a paragraph per blank-line-separated block, nothing else."""

    def render_basic(self, value, context=None):
        paragraphs = [part.strip() for part in (value or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
        return mark_safe("".join(render_markup(part, "text") for part in paragraphs))

    class Meta:
        icon = "pilcrow"
        markup = "text"
        description = "Plain text: paragraphs separated by blank lines"


class StoryBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "code", "blockquote", "hr", "image"],
        description="Formatted text",
    )
    markdown = MarkdownBlock()
    rst = RestructuredTextBlock()
    text = PlainTextBlock()
    html = HtmlBlock()
    image = ImageBlock()
    quote = blocks.BlockQuoteBlock(icon="openquote")
