from pydotorg.core import sections


class SearchConfig(sections.SectionConfig):
    name = "search"
