"""Permission rules per service area, merged into ``tests/test_permissions.RULES``.

Each module defines ``RULES: dict[str, Rule]`` for its own URL names. ``Rule`` and the persona
sets live in ``tests/permission_rules/base.py`` so that these modules need not import the test
module itself.
"""
