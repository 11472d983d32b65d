from pydotorg.core.apps import SectionConfig


class CodesamplesConfig(SectionConfig):
    name = "sections.codesamples"
    label = "codesamples"
