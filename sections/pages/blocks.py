"""The block library of the site's StreamFields (see docs/blocks.md)."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from pydotorg.core.markup import highlight_code, render_markdown, render_rst

CODE_LANGUAGES = [
    ("python", "Python"),
    ("pycon", "Python console session"),
    ("pytb", "Python traceback"),
    ("bash", "Shell"),
    ("console", "Shell session"),
    ("toml", "TOML"),
    ("ini", "INI / config"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("javascript", "JavaScript"),
    ("c", "C"),
    ("sql", "SQL"),
    ("text", "Plain text"),
]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level 2 to 4: the page title is the only h1."""

    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(choices=[("h2", "Level 2"), ("h3", "Level 3"), ("h4", "Level 4")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A section heading (level 2 to 4)"
        preview_value = {"text": "Getting started", "level": "h2"}


class MarkdownBlock(blocks.TextBlock):
    """Markdown, rendered and sanitised, for content moved over from python.org unchanged."""

    def render_basic(self, value, context=None):
        return mark_safe(render_markdown(value))

    class Meta:
        icon = "code"
        description = "Markdown text, rendered safely"
        preview_value = "Python is **powerful**... and *fast*; see [the docs](https://docs.python.org/)."


class RestructuredTextBlock(blocks.TextBlock):
    """reStructuredText, rendered with raw HTML and file inclusion disabled, then sanitised."""

    def render_basic(self, value, context=None):
        return mark_safe(render_rst(value))

    class Meta:
        icon = "doc-full"
        label = "reStructuredText"
        description = "reStructuredText, rendered safely"
        preview_value = "Python is *powerful*... and **fast**; see `the docs <https://docs.python.org/>`_."


class CodeBlock(blocks.StructBlock):
    """Source code with syntax highlighting (Pygments, rendered on the server)."""

    language = blocks.ChoiceBlock(choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False, max_length=255)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["highlighted"] = mark_safe(highlight_code(value["code"], value["language"]))
        return context

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        description = "Code with syntax highlighting"
        preview_value = {"language": "python", "code": 'def greet(name):\n    print(f"Hello, {name}!")\n'}


class CalloutBlock(blocks.StructBlock):
    """A highlighted note, tip or warning."""

    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("tip", "Tip"), ("warning", "Warning"), ("important", "Important")],
        default="note",
    )
    title = blocks.CharBlock(required=False, max_length=255)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "code"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = "Call-out"
        description = "A highlighted note, tip or warning"
        preview_value = {"kind": "note", "title": "Note", "body": "<p>Python 2 reached end of life in 2020.</p>"}


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text (from the image chooser) and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = "Image"
        description = "An image with alt text and an optional caption"


class BoxBlock(blocks.StructBlock):
    """A reusable content box (snippet), kept in one place and shown wherever it is used."""

    box = SnippetChooserBlock("boxes.Box")

    class Meta:
        icon = "placeholder"
        template = "blocks/box.html"
        label = "Box reference"
        description = "A reusable content box"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(required=False, max_length=255)
    table = TableBlock(table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = "Table"
        description = "A table with an optional caption and header row"


class RobustStreamBlock(blocks.StreamBlock):
    """A StreamBlock whose editor form survives tampered or truncated POST data: instead of
    a server error, the editor gets a form error and the stored value stays as it was."""

    def value_from_datadict(self, data, files, prefix):
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            value = blocks.StreamValue(self, [])
            value.unreadable = True
            return value

    def clean(self, value):
        if getattr(value, "unreadable", False):
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError("The content could not be read from the form. Reload the editor and try again.")]
                )
            )
        return super().clean(value)


class BodyBlock(RobustStreamBlock):
    heading = HeadingBlock()
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "code", "blockquote", "hr"],
        description="Formatted text",
        preview_value="<p>Python is a programming language that lets you work quickly.</p>",
    )
    markdown = MarkdownBlock()
    rst = RestructuredTextBlock()
    code = CodeBlock()
    image = CaptionedImageBlock()
    table = TableWithCaptionBlock()
    callout = CalloutBlock()
    box = BoxBlock()
    embed = EmbedBlock(icon="media", description="A video or other media from a URL (YouTube, Vimeo...)", max_width=800)

    class Meta:
        block_counts = {}
