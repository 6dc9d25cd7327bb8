"""The seafarer's own records beyond health, linked from the start page: the certificate
wallet, course applications, rights cases, and — only for those they concern — the care
after a critical incident and the crewmate-in-crisis report of masters and officers. Each
link leads to a page its own rule lets this person open (the same predicates)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.activities.access import is_activity_organiser
from seafarers_home.incidents.access import is_ship_officer, my_records
from seafarers_home.permissions.roles import is_seafarer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User
    from seafarers_home.web.scenes import Scene


@dataclass(frozen=True)
class MyLink:
    label: Promise
    url: str


def my_links(user: User | AnonymousUser) -> list[MyLink]:
    """Nothing for someone who is not a seafarer (two queries at most for one who is)."""
    if not is_seafarer(user):
        return []
    links = [
        MyLink(_("我的证书夹"), reverse("certificates:wallet")),
        MyLink(_("我的培训报名"), reverse("courses:mine")),
        MyLink(_("我的维权案件"), reverse("rights:home")),
    ]
    if my_records(user).exists():
        links.append(MyLink(_("事件后的关心与支持"), reverse("incidents:mine")))
    if is_ship_officer(user):
        links.append(MyLink(_("报告船友心理危机"), reverse("incidents:report")))
    return links


def scene_is_for(scene: Scene, user: User | AnonymousUser) -> bool:
    """Whether the start page shows a scene's tile to this person. Visitors and seafarers see
    every scene (a visitor is asked to sign in); staff see those that have pages for them:
    the activities scene is the seafarers' and the organisers' (a clinician would meet a 404)."""
    if not user.is_authenticated or is_seafarer(user):
        return True
    if scene.slug == "events":
        return is_activity_organiser(user)
    return True
