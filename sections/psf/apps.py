from pydotorg.core import sections


class PsfConfig(sections.SectionConfig):
    name = "sections.psf"
    label = "psf"
    verbose_name = "PSF records"
