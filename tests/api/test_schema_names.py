"""Every API schema has a name of its own.

The OpenAPI document keys its components by the schema's class name: two apps that each
define a ``ApplyIn`` end up as one component, and the document then describes one app's body
for the other's operation (the OpenAPI fuzz test saw jobs' applications documented with the
courses' fields, and answered 422). django-ninja does not complain, so this test does."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import seafarers_home.api.urls  # noqa: F401  (loads every router, hence every schema)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_it_gives_every_api_schema_its_own_name() -> None:
    modules_by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("seafarers_home."):
            modules_by_name[cls.__name__].add(cls.__module__)
    clashes = {name: sorted(mods) for name, mods in modules_by_name.items() if len(mods) > 1}
    assert not clashes, (
        "Schema class names must be unique across the API (OpenAPI components are keyed by "
        f"name); rename, e.g. with the app's prefix: {clashes}"
    )
