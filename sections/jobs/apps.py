from pydotorg.core import sections


class JobsConfig(sections.SectionConfig):
    name = "sections.jobs"
    label = "jobs"
