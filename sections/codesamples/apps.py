from pydotorg.core import sections


class CodesamplesConfig(sections.SectionConfig):
    name = "sections.codesamples"
    label = "codesamples"
