from pydotorg.core import sections


class BoxesConfig(sections.SectionConfig):
    name = "sections.boxes"
    label = "boxes"

    def ready(self):
        from pydotorg.core import chrome

        chrome.invalidate_on(self.get_model("Box"))  # the home page's boxes are cached there
