"""What a booking says and where it leads, by its service.

The booking, cancelling, reminders and the calendar file are one implementation for clinical
and legal consultations; only their words and pages differ. A legal consultation is never
called a 远程咨询 (the seafarer's health service) and never leads to the health pages, which
need the health-data consent a legal consultation does not.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.consultations.models import Appointment, Service, Slot

# (clinical, legal) wording of each message.
MESSAGES: dict[str, tuple[Promise, Promise]] = {
    "booked": (
        _("您已预约 %(when)s 的远程咨询,到时在“我的远程咨询”进入咨询室。"),
        _("您已预约 %(when)s 的法律咨询,到时在“我的法律咨询”进入咨询室。"),
    ),
    "cancelled_by_provider": (
        _("您 %(when)s 的预约已被医院取消,可以重新预约。"),
        _("您 %(when)s 的法律咨询已被法律工作者取消,可以重新预约。"),
    ),
    "cancelled_by_seafarer": (
        _("您已取消 %(when)s 的远程咨询。"),
        _("您已取消 %(when)s 的法律咨询。"),
    ),
    "provider_booked": (
        _("新的远程咨询预约:%(when)s。"),
        _("新的法律咨询预约:%(when)s。"),
    ),
    "provider_cancelled": (
        _("海员取消了 %(when)s 的远程咨询预约。"),
        _("海员取消了 %(when)s 的法律咨询预约。"),
    ),
    "reminder_day": (
        _("提醒:您预约的远程咨询将于 %(when)s 开始。"),
        _("提醒:您预约的法律咨询将于 %(when)s 开始。"),
    ),
    "reminder_soon": (
        _("您预约的远程咨询将在30分钟后开始(%(when)s),请进入咨询室。"),
        _("您预约的法律咨询将在30分钟后开始(%(when)s),请进入咨询室。"),
    ),
}


def message(name: str, service: str) -> Promise:
    clinical, legal = MESSAGES[name]
    return legal if service == Service.LEGAL else clinical


def seafarer_page(appointment: Appointment, *, anchor: bool = True) -> str:
    """The seafarer's list of their bookings of this service (at this booking)."""
    name = "consultations:legal_mine" if appointment.is_legal else "consultations:mine"
    return f"{reverse(name)}#a{appointment.pk}" if anchor else reverse(name)


def provider_page(slot: Slot) -> str:
    """The provider's hours and bookings page of the slot's service."""
    if slot.service == Service.LEGAL:
        return reverse("consultations:legal_hours")
    return reverse("consultations:availability")
