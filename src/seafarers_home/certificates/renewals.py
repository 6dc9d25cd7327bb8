"""Where a certificate can be renewed: the services above the wallet (training courses) say so
through a finder registered here from their ``AppConfig.ready()``, as the alert sources do, so
that the wallet imports none of them. A finder takes kind codes and a day and answers, for each
kind it can renew, the URL of the next chance to do so after that day."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

RenewalFinder = Callable[[frozenset[str], datetime.date], dict[str, str]]

_finders: dict[str, RenewalFinder] = {}


def register_renewal_finder(name: str, finder: RenewalFinder) -> None:
    """Register (or, on autoreload, replace) the finder ``name``."""
    _finders[name] = finder


def renewal_links(kinds: Iterable[str], after: datetime.date) -> dict[str, str]:
    """Kind code -> URL of the next chance to renew it, for the kinds that have one."""
    wanted = frozenset(kinds)
    links: dict[str, str] = {}
    if not wanted:
        return links
    for finder in _finders.values():
        for kind, url in finder(wanted, after).items():
            links.setdefault(kind, url)
    return links
