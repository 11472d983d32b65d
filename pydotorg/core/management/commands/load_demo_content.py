"""`manage.py load_demo_content`: python.org's demo content, idempotent.

Runs `load_demo(command)` of the `demo` module of every project app that has one, by their
`DEMO_ORDER` (then INSTALLED_APPS order): the site, boxes and code samples, the navigation,
the sections, and last the generic section pages, made only where no section app has put
its own index page at that slug; all in one transaction: a failure changes nothing. A
section app adds its demo data by writing `<app>/demo.py`:

    DEMO_ORDER = 50  # the default; lower runs earlier

    def load_demo(command):
        for record in command.progress(records, "jobs"):
            ...
            command.tally("jobs", "created")  # or "updated", "present"

In development it then makes the superuser `admin` and prints how to log in.
"""

import logging
import sys
from collections import Counter, defaultdict
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from pydotorg.core import demo


def demo_modules():
    """The `demo` modules of the project's apps, by DEMO_ORDER."""
    modules = []
    project_dir, venv_dir = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if not path.is_relative_to(project_dir) or path.is_relative_to(venv_dir):
            continue
        name = f"{app_config.name}.demo"
        if find_spec(name) is not None:
            module = import_module(name)
            if hasattr(module, "load_demo"):
                modules.append(module)
    return sorted(modules, key=lambda module: getattr(module, "DEMO_ORDER", 50))


@contextmanager
def quiet_loggers(verbosity, names=("wagtail", "django_tasks")):
    """Wagtail logs every revision, and the tasks framework every task, at INFO: keep the
    command's output readable (shown with --verbosity 2)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    if verbosity < 2:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load python.org's demo content (pages, navigation, boxes, code samples). Running it again changes nothing."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.counts = defaultdict(Counter)
        with quiet_loggers(self.verbosity), transaction.atomic():
            for module in demo_modules():
                self.log(f"Loading {module.__name__}", level=2)
                module.load_demo(self)
            login = demo.ensure_superuser(self)
        self.print_summary()
        if login:
            self.log(self.style.SUCCESS(login))
        else:
            self.log("No superuser created: only in development (DEBUG on or APP_ENV=dev, never APP_ENV=prod).")

    # --- Helpers for the demo modules ----------------------------------------------------

    def log(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)

    def warn(self, message):
        self.stderr.write(self.style.WARNING(message))

    def tally(self, kind, status):
        """Count one object of `kind` as "created", "updated" or "present" (left alone)."""
        self.counts[kind][status] += 1

    def progress(self, items, label):
        """Yield `items`, showing a counter (`label: 12/63`), redrawn in place on a terminal."""
        items = list(items)
        total = len(items)
        interactive = self.stdout.isatty()
        for number, item in enumerate(items, start=1):
            yield item
            if self.verbosity >= 1 and (interactive or number == total):
                prefix = "\r" if interactive else ""
                self.stdout.write(f"{prefix}  {label}: {number}/{total}", ending="\n" if number == total else "")
                self.stdout.flush()

    def print_summary(self):
        self.log("Demo content:")
        changed = 0
        for kind, counts in self.counts.items():
            parts = [f"{counts['created']} created"]
            if counts["updated"]:
                parts.append(f"{counts['updated']} updated")
            parts.append(f"{counts['present']} already present")
            self.log(f"  {kind}: {', '.join(parts)}")
            changed += counts["created"] + counts["updated"]
        if not changed:
            self.log("Nothing changed: all the demo content was already present.")
