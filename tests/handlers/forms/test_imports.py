"""The forms modules import one another in one direction: the plain data (`model`) at the
bottom, the template loader at the top, and no circle between."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

FORMS = Path(__file__).resolve().parents[3] / "handlers" / "forms"


def imports() -> dict[str, set[str]]:
    """Each module of handlers/forms and the modules of handlers/forms it imports, at the top
    or inside a function."""
    graph: dict[str, set[str]] = {}
    for path in sorted(FORMS.glob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "handlers.forms":
                found.update(f"handlers.forms.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[path.stem] = {name.removeprefix("handlers.forms.") for name in found
                            if name.startswith("handlers.forms.")}
    return graph


def test_the_forms_modules_import_one_another_without_a_circle() -> None:
    order = list(graphlib.TopologicalSorter(imports()).static_order())  # CycleError on a circle
    assert order.index("model") < order.index("align") < order.index("template")


def test_only_the_loader_imports_the_template_module() -> None:
    assert [name for name, imported in imports().items() if "template" in imported] == []


def test_the_plain_data_imports_nothing_of_the_library() -> None:
    assert imports()["model"] == set()
