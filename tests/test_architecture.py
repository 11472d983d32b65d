"""The layout rules of docs/architecture.md, checked by import-linter (the contracts are in
pyproject.toml): home and search use sections, sections use the pydotorg project package and
never the other way round, and no package has an import cycle (function-level imports
included). `make check` runs the same command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_point_one_way_and_never_in_a_cycle():
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_at_its_bottom():
    """Module-level imports come before the module's first function or class."""
    import ast

    late = []
    for path in ROOT.glob("**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in {"pydotorg", "sections", "home", "search"} or "migrations" in relative.parts:
            continue
        seen_definition = False
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                seen_definition = True
            elif isinstance(node, ast.Import | ast.ImportFrom) and seen_definition:
                late.append(f"{relative}:{node.lineno}")
    assert not late, late


def test_every_section_app_uses_its_own_config_and_registers_its_page_types():
    from django.apps import apps

    from pydotorg.core.sections import SectionConfig

    for name in ("home", "sections.pages", "sections.boxes", "sections.codesamples", "sections.downloads"):
        assert isinstance(apps.get_app_config(name.rsplit(".", 1)[-1]), SectionConfig), name
    for label in ("home", "pages"):  # page types only: pages.py stands for models.py
        assert apps.get_app_config(label).models_module.__name__.endswith(".pages"), label
    for label in ("home", "pages", "jobs", "events", "downloads"):
        config = apps.get_app_config(label)
        assert isinstance(config, SectionConfig) and type(config) is not SectionConfig, label
        pages = [model for model in config.get_models() if model.__module__ == f"{config.name}.pages"]
        assert pages, f"{label}: no page type registered from pages.py"
