from pydotorg.core import sections


class HomeConfig(sections.SectionConfig):
    name = "home"
