"""The audit action codes are a closed catalogue (audit/catalogue.py).

The source is read, not run: every ``record_audit(...)`` call's action must resolve, statically,
to codes of the catalogue — a string literal, a conditional between literals, a local variable
assigned only literals, or a parameter of a wrapper whose every caller passes such a value
(``_audit(actor, "urgent_consultation.take", ...)``). An f-string or a computed code fails: the
code would escape review. And every current catalogue entry is written somewhere, so the
catalogue does not keep codes nobody records.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import seafarers_home
from seafarers_home.audit.catalogue import (
    CATALOGUE,
    READ_ACTIONS,
    AuditAction,
    is_known,
    label_for,
)
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.reads import record_read
from seafarers_home.audit.services import record_audit

SOURCE = Path(seafarers_home.__file__).parent


class Unresolvable(Exception):
    pass


@dataclass
class Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


def _modules() -> list[Module]:
    modules = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = Module(path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for parent in ast.walk(module.tree):
            for child in ast.iter_child_nodes(parent):
                module.parents[child] = parent
        modules.append(module)
    return modules


def _imports(module: Module, home: Module, name: str) -> bool:
    """Whether ``module`` imports the private ``name`` from ``home`` (an actions module calling
    the audit wrapper its rules module keeps)."""
    dotted = ".".join(home.path.relative_to(SOURCE.parent).with_suffix("").parts)
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == dotted
        and any(alias.name == name for alias in node.names)
        for node in ast.walk(module.tree)
    )


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


class Resolver:
    """Finds every code each audit call can write."""

    def __init__(self, modules: list[Module]) -> None:
        self.modules = modules
        self.calls: dict[str, list[tuple[Module, ast.Call]]] = {}
        for module in modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and (name := _called_name(node)):
                    self.calls.setdefault(name, []).append((module, node))

    def where(self, module: Module, node: ast.AST) -> str:
        path = module.path
        shown = path.relative_to(SOURCE.parent) if path.is_relative_to(SOURCE.parent) else path
        return f"{shown}:{getattr(node, 'lineno', '?')}"

    def codes_of_calls(
        self, name: str, position: int, keyword: str, depth: int = 0, home: Module | None = None
    ) -> set[str]:
        """The codes every call of ``name`` passes as its action (a private function's calls
        are looked for in its own module only)."""
        found: set[str] = set()
        calls = self.calls.get(name, [])
        if not calls:
            raise Unresolvable(f"nothing calls {name}() with an action")
        for module, call in calls:
            if home is not None and module is not home and not _imports(module, home, name):
                continue
            expr = _argument(call, position, keyword)
            if expr is None:
                raise Unresolvable(f"{self.where(module, call)}: {name}() without an action")
            found |= self.resolve(module, expr, call, depth)
        return found

    def resolve(self, module: Module, expr: ast.expr, at: ast.AST, depth: int) -> set[str]:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self.resolve(module, expr.body, at, depth) | self.resolve(
                module, expr.orelse, at, depth
            )
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "AuditAction"
        ):
            member = getattr(AuditAction, expr.attr, None)
            if member is None:
                raise Unresolvable(f"{self.where(module, expr)}: no AuditAction.{expr.attr}")
            return {str(member)}
        if isinstance(expr, ast.Name) and depth < 4:
            function = module.enclosing_function(at)
            if function is not None:
                return self._resolve_name(module, function, expr, depth)
        raise Unresolvable(f"{self.where(module, expr)}: {ast.unparse(expr)} is not a known code")

    def _resolve_name(
        self,
        module: Module,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        expr: ast.Name,
        depth: int,
    ) -> set[str]:
        params = [*function.args.posonlyargs, *function.args.args]
        names = [p.arg for p in params]
        if expr.id in names or expr.id in [p.arg for p in function.args.kwonlyargs]:
            position = names.index(expr.id) if expr.id in names else 10_000
            if names and names[0] in ("self", "cls"):
                position -= 1
            home = module if function.name.startswith("_") else None
            return self.codes_of_calls(function.name, position, expr.id, depth + 1, home)
        values = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
        ]
        if not values:
            raise Unresolvable(f"{self.where(module, expr)}: {expr.id} is never assigned a code")
        found: set[str] = set()
        for value in values:
            found |= self.resolve(module, value, value, depth)
        return found


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(_modules())


@pytest.fixture(scope="module")
def written_codes(resolver: Resolver) -> set[str]:
    return resolver.codes_of_calls("record_audit", 1, "action")


def test_every_read_is_audited_through_record_read_and_nothing_else_is(resolver: Resolver):
    reads = resolver.codes_of_calls("record_read", 1, "action")
    assert reads == set(READ_ACTIONS), sorted(reads ^ set(READ_ACTIONS))
    reads_module = SOURCE / "audit" / "reads.py"
    direct = set()
    for module, call in resolver.calls["record_audit"]:
        if module.path != reads_module:
            expr = _argument(call, 1, "action")
            assert expr is not None
            direct |= resolver.resolve(module, expr, call, 0)
    assert not direct & READ_ACTIONS, sorted(direct & READ_ACTIONS)


def test_every_audit_call_writes_a_catalogued_code(written_codes):
    unknown = sorted(code for code in written_codes if not is_known(code))
    assert not unknown, f"codes missing from audit/catalogue.py: {unknown}"


def test_every_current_catalogue_entry_is_written_somewhere(written_codes):
    unused = sorted(
        entry.code
        for entry in CATALOGUE.values()
        if entry.current and entry.code not in written_codes
    )
    assert not unused, f"catalogue entries nothing records (mark them legacy): {unused}"


def test_every_code_is_dotted_and_labelled():
    for entry in CATALOGUE.values():
        assert "." in entry.code and entry.code == entry.code.lower(), entry.code
        assert str(entry.label).strip(), entry.code
    assert label_for("no.such_code") == ""


def test_the_resolver_refuses_a_computed_code(tmp_path):
    module_path = tmp_path / "m.py"
    module_path.write_text("def f(kind):\n    record_audit(None, f'{kind}.join')\n")
    module = Module(module_path, ast.parse(module_path.read_text()))
    for parent in ast.walk(module.tree):
        for child in ast.iter_child_nodes(parent):
            module.parents[child] = parent
    with pytest.raises(Unresolvable):
        Resolver([module]).codes_of_calls("record_audit", 1, "action")


@pytest.mark.django_db
def test_record_audit_refuses_an_unknown_code_and_writes_nothing():
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match=r"no\.such_code"):
        record_audit(None, "no.such_code")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_record_audit_refuses_a_legacy_code():
    legacy = next(entry.code for entry in CATALOGUE.values() if not entry.current)
    with pytest.raises(ValueError):
        record_audit(None, legacy)


@pytest.mark.django_db
def test_record_read_refuses_a_write_code_and_a_read_without_purpose(world):
    with pytest.raises(ValueError):
        record_read(world.clinician, "alert.raise", target=world.seafarer, purpose="crisis")
    with pytest.raises(ValueError):
        record_read(world.clinician, "alert.read", target=world.seafarer, purpose="")
    event = record_read(world.clinician, "alert.read", target=world.seafarer, purpose="crisis")
    assert (event.action, event.purpose) == ("alert.read", "crisis")
