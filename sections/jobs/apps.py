from pydotorg.core import sections


class JobsConfig(sections.SectionConfig):
    # Django picks an apps.py's AppConfig automatically only when the module holds exactly
    # one; the imported SectionConfig is a second, so this one says it is the default.
    name = "sections.jobs"
    label = "jobs"
