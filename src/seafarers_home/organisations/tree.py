"""The organisation tree with per-company counts, for the union's overview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel


@dataclass(frozen=True)
class TreeRow:
    organisation: Organisation
    depth: int
    vessel_count: int | None
    seafarer_count: int | None


def _counts(queryset: QuerySet[Any]) -> dict[int, int]:
    # One GROUP BY per table: joining both to the organisations would multiply the rows.
    rows = queryset.values("company_id").annotate(n=Count("pk")).values_list("company_id", "n")
    return dict(rows)


def organisation_tree() -> list[TreeRow]:
    """Depth-first rows: roots first, children under their parent, by name."""
    organisations = list(Organisation.objects.order_by("name"))
    children: dict[int | None, list[Organisation]] = {}
    for organisation in organisations:
        children.setdefault(organisation.parent_id, []).append(organisation)
    vessels = _counts(Vessel.objects.all())
    seafarers = _counts(SeafarerProfile.objects.filter(company__isnull=False))
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for organisation in children.get(parent_id, []):
            is_company = organisation.kind == Organisation.Kind.COMPANY
            rows.append(
                TreeRow(
                    organisation,
                    depth,
                    vessels.get(organisation.pk, 0) if is_company else None,
                    seafarers.get(organisation.pk, 0) if is_company else None,
                )
            )
            walk(organisation.pk, depth + 1)

    walk(None, 0)
    return rows
