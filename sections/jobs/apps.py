from pydotorg.core.apps import SectionConfig


class JobsConfig(SectionConfig):
    name = "sections.jobs"
    label = "jobs"
