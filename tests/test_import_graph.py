"""The import graph between the project's packages (issue 17 item 3): no cycle between apps,
a base layer that imports no app, and no project import hidden inside a function to dodge one.

Every module under src/seafarers_home is read with ``ast`` (nothing is imported). A module
belongs to the package right under ``seafarers_home`` (``voyages.care`` to ``voyages``); the
project's wiring modules (settings, urls, routing, asgi, wsgi) belong to none and may import
anything. An import statement anywhere in a module — at module level or inside a function — is
an edge from its package to the imported one. Names in strings (Django's ``include("…urls")``,
django-ninja's ``add_router(…, "….router")``, ``import_string`` of a setting) are not edges:
they are resolved when the URLs or settings are read, the way Django names an app's parts.
Imports under ``if TYPE_CHECKING:`` are not edges either: they never run.

Imports under ``if TYPE_CHECKING:`` are for the type checker only (never run): not edges, so a
module may name a type of an app that imports it (``User`` in audit and consent, issue 17 item 10).

Allowed function-local project imports: ``AppConfig.ready()`` (models are loaded only then),
management commands (their module is imported to list the commands) and migrations.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PROJECT = "seafarers_home"
WIRING = {"settings", "urls", "routing", "asgi", "wsgi", "__init__"}
# The base layer: imported by the apps, importing none of them (lib only itself).
BASE = {"core": {"core", "lib"}, "lib": {"lib"}}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. seafarers_home.voyages.care
    line: int
    target: str  # the imported module, e.g. seafarers_home.screening.models
    function: str | None  # the enclosing function, None at module level
    in_ready: bool

    @property
    def where(self) -> str:
        return f"{self.module}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != PROJECT or len(parts) < 2 or parts[1] in WIRING:
        return None
    return parts[1]


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.is_package = module, is_package
        self.functions: list[str] = []
        self.classes: list[str] = []
        self.found: list[Import] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        # ``if TYPE_CHECKING:`` imports are read by the type checker only, never run.
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _add(self, node: ast.stmt, target: str) -> None:
        if target != PROJECT and not target.startswith(PROJECT + "."):
            return
        function = ".".join(self.functions) or None
        in_ready = self.functions[:1] == ["ready"] and bool(self.classes)
        self.found.append(Import(self.module, node.lineno, target, function, in_ready))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.module.split(".")
            if not self.is_package:
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        if base == PROJECT:  # from seafarers_home import voyages
            for alias in node.names:
                self._add(node, f"{PROJECT}.{alias.name}")
        else:
            self._add(node, base)


def _imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted((SRC / PROJECT).rglob("*.py")):
        visitor = _Visitor(_module_name(path), path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found.extend(visitor.found)
    return found


def _edges(imports: list[Import]) -> dict[str, dict[str, list[Import]]]:
    edges: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for item in imports:
        source, target = _package(item.module), _package(item.target)
        if source and target and source != target:
            edges[source][target].append(item)
    return edges


def _cycles(edges: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, {})):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _describe(component: list[str], edges: dict[str, dict[str, list[Import]]]) -> str:
    members = set(component)
    lines = [" <-> ".join(component)]
    for source in component:
        for target, items in sorted(edges[source].items()):
            if target in members:
                lines.append(f"  {source} -> {target}: " + ", ".join(i.where for i in items[:3]))
    return "\n".join(lines)


def _allowed_local(item: Import) -> bool:
    return (
        item.in_ready
        or ".management.commands." in item.module + "."
        or ".migrations." in item.module + "."
    )


def test_it_reads_the_whole_tree() -> None:
    packages = {_package(_module_name(path)) for path in (SRC / PROJECT).rglob("*.py")}
    assert {"core", "lib", "accounts", "callroom", "web", "voyages"} <= packages
    assert len(_imports()) > 500


def test_no_cycle_between_apps() -> None:
    edges = _edges(_imports())
    cycles = _cycles(edges)
    assert not cycles, "import cycles between apps:\n" + "\n".join(
        _describe(c, edges) for c in cycles
    )


def test_the_base_layer_imports_no_app() -> None:
    wrong = [
        f"{item.where} imports {item.target}"
        for item in _imports()
        if (package := _package(item.module)) in BASE
        and (_package(item.target) or "") not in BASE[package]
    ]
    assert not wrong, "core and lib must not import the apps:\n" + "\n".join(wrong)


def test_no_project_import_hides_in_a_function() -> None:
    hidden = [
        f"{item.where} in {item.function}(): {item.target}"
        for item in _imports()
        if item.function is not None and not _allowed_local(item)
    ]
    assert not hidden, "move these imports to module level:\n" + "\n".join(hidden)


def test_it_finds_a_cycle_and_a_hidden_import() -> None:
    """The checks themselves can fail: a made-up tree with both faults."""
    fake = [
        Import("seafarers_home.alpha.views", 3, "seafarers_home.beta.models", None, False),
        Import("seafarers_home.beta.services", 9, "seafarers_home.alpha.models", "do_x", False),
    ]
    edges = _edges(fake)
    assert _cycles(edges) == [["alpha", "beta"]]
    assert "seafarers_home.beta.services:9" in _describe(["alpha", "beta"], edges)
    assert not _allowed_local(fake[1])
    assert _allowed_local(
        Import("seafarers_home.alpha.apps", 5, "seafarers_home.beta.x", "ready", True)
    )
