from pydotorg.core import sections


class BoxesConfig(sections.SectionConfig):
    name = "sections.boxes"
    label = "boxes"
