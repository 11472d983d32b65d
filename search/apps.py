from pydotorg.core.apps import SectionConfig


class SearchConfig(SectionConfig):
    name = "search"
