from pydotorg.core import sections


class NominationsConfig(sections.SectionConfig):
    name = "sections.nominations"
    label = "nominations"
    verbose_name = "Elections and nominations"
