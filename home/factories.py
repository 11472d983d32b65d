import wagtail_factories

from .pages import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Welcome to Python.org"

    class Meta:
        model = HomePage
