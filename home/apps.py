from pydotorg.core.apps import SectionConfig


class HomeConfig(SectionConfig):
    name = "home"
