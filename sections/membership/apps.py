from pydotorg.core import sections


class MembershipConfig(sections.SectionConfig):
    name = "sections.membership"
    label = "membership"
    verbose_name = "PSF membership"
