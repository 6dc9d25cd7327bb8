from __future__ import annotations

from typing import Any

from seafarers_home.organisations.models import SeafarerProfile


def profile_form_data(profile: SeafarerProfile, **changes: Any) -> dict[str, Any]:
    """The my_profile form as the browser would post it back unchanged, plus ``changes``."""
    data = {
        "real_name": profile.real_name,
        "seafarers_book_number": profile.seafarers_book_number or "",
        "rank": profile.rank,
        "company": profile.company_id or "",
        "current_vessel": profile.current_vessel_id or "",
        "emergency_contact_name": profile.emergency_contact_name,
        "emergency_contact_phone": profile.emergency_contact_phone,
        "emergency_contact_relation": profile.emergency_contact_relation,
    }
    data.update(changes)
    return data


def audit_rows(action: str) -> list[Any]:
    from seafarers_home.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action))
