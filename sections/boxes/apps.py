from pydotorg.core.apps import SectionConfig


class BoxesConfig(SectionConfig):
    name = "sections.boxes"
    label = "boxes"
