"""What every section app shares. Its `apps.py` subclasses SectionConfig through the module
(`from pydotorg.core import sections`; `class JobsConfig(sections.SectionConfig)`): Django
takes the only AppConfig class an apps module holds, so the base must not be imported by name."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule


class SectionConfig(AppConfig):
    """The AppConfig of every section app. A section keeps its data in `models.py` and its
    page types in `pages.py`; Django imports only `models.py`, so this imports `pages.py`
    right after it, in the same phase (no import at the bottom of models.py, no cycle)."""

    def import_models(self):
        super().import_models()
        if module_has_submodule(self.module, "pages"):
            pages = import_module(f"{self.name}.pages")
            if self.models_module is None:  # an app of page types only (home, pages)
                self.models_module = pages  # Django skips apps without one (content types, permissions)
