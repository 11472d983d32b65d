from pydotorg.core.apps import SectionConfig


class PagesConfig(SectionConfig):
    name = "sections.pages"
    label = "pages"
