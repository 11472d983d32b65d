from pydotorg.core import sections


class PagesConfig(sections.SectionConfig):
    name = "sections.pages"
    label = "pages"
