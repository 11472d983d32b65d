from pydotorg.core import sections


class CodesamplesConfig(sections.SectionConfig):
    name = "sections.codesamples"
    label = "codesamples"

    def ready(self):
        from pydotorg.core import chrome

        chrome.invalidate_on(self.get_model("CodeSample"))  # the home page's carousel is cached there
