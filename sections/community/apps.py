from pydotorg.core import sections


class CommunityConfig(sections.SectionConfig):
    name = "sections.community"
    label = "community"
