import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Welcome to Python.org"

    class Meta:
        model = HomePage
