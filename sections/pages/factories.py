import factory
import wagtail_factories

from .pages import SectionPage, StandardPage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    intro = "A section of the site."
    show_in_menus = True

    class Meta:
        model = SectionPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "A page of the site."

    class Meta:
        model = StandardPage
