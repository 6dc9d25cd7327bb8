"""The periodic jobs (core/periodic.py): one registry, each job at most once per its interval
whoever asks (the worker's threads, cron's ``runperiodic``), and retries in one place."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from seafarers_home.core import periodic
from seafarers_home.core.models import PeriodicJobState

pytestmark = pytest.mark.django_db

EXPECTED = {
    "activities.lapse_offers",
    "activities.reminders",
    "alerts.escalate",
    "audit.chain",
    "audit.checkpoint",
    "certificates.expiry_reminders",
    "consultations.reminders",
    "consultations.sync_slots",
    "courses.lapse_offers",
    "hotline.timers",
    "incidents.sync",
    "inquiries.escalate_overdue",
    "inquiries.stats_snapshot",
    "jobs.close_postings",
    "notifications.retry_sms",
    "rights.deadline_reminders",
    "rights.escalate_urgent",
    "short_messages.at_sea_check_ins",
    "short_messages.prune",
    "short_messages.retry",
    "voyages.care_pathway",
    "voyages.dashboard_snapshot",
    "voyages.sync_recent",
    "worker.heartbeat",
}


class Flaky:
    """A job of the test's own that fails while ``fail`` is set."""

    def __init__(self) -> None:
        self.runs = 0
        self.fail = True

    def __call__(self) -> None:
        self.runs += 1
        if self.fail:
            raise RuntimeError("gateway down")


@pytest.fixture
def flaky() -> Iterator[Flaky]:
    job = Flaky()
    periodic.registry()
    periodic.periodic_job("test.flaky", every=datetime.timedelta(minutes=10))(job)
    yield job
    periodic._REGISTRY.pop("test.flaky", None)


def test_every_periodic_job_is_registered_and_listed():
    assert set(periodic.registry()) == EXPECTED
    out = StringIO()
    call_command("runperiodic", "--list", stdout=out)
    for name in EXPECTED:
        assert name in out.getvalue()


def test_a_job_runs_once_per_interval_however_many_ask(flaky):
    now = timezone.now()
    assert periodic.run_periodic(["test.flaky"], now=now) == {"test.flaky": False}
    # The worker and cron at the same moment: the claim lets one through.
    job = periodic.registry()["test.flaky"]
    assert periodic.claim(job, now) is False
    flaky.fail = False
    assert periodic.run_periodic(["test.flaky"], now=now) == {}
    assert flaky.runs == 1


def test_a_failed_job_is_retried_sooner_with_a_growing_delay_then_resets(flaky):
    now = timezone.now()
    periodic.run_periodic(["test.flaky"], now=now)
    state = PeriodicJobState.objects.get(name="test.flaky")
    assert state.failures == 1
    assert state.next_due_at == now + datetime.timedelta(seconds=30)  # not the 10 minutes
    assert "RuntimeError: gateway down" in state.last_error

    later = now + datetime.timedelta(seconds=31)
    periodic.run_periodic(["test.flaky"], now=later)
    state.refresh_from_db()
    assert state.failures == 2
    assert state.next_due_at == later + datetime.timedelta(seconds=60)

    flaky.fail = False
    again = later + datetime.timedelta(seconds=61)
    assert periodic.run_periodic(["test.flaky"], now=again) == {"test.flaky": True}
    state.refresh_from_db()
    assert (state.failures, state.last_error) == (0, "")
    assert state.next_due_at == again + datetime.timedelta(minutes=10)
    assert flaky.runs == 3


def test_one_failing_job_does_not_stop_the_others_and_the_command_says_so(flaky):
    with pytest.raises(CommandError, match="some periodic jobs failed"):
        call_command("runperiodic", "--job", "test.flaky", "--job", "hotline.timers")
    assert PeriodicJobState.objects.get(name="hotline.timers").last_succeeded_at is not None


def test_an_unknown_job_is_refused():
    with pytest.raises(CommandError, match="unknown periodic job"):
        call_command("runperiodic", "--job", "no.such")


def test_the_daily_care_run_is_first_due_at_nine_hospital_time():
    out = StringIO()
    call_command("runperiodic", "--job", "voyages.care_pathway", stdout=out)
    assert "nothing due" in out.getvalue()
    due = PeriodicJobState.objects.get(name="voyages.care_pathway").next_due_at
    assert due > timezone.now()
    local = due.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert (local.hour, local.minute) == (9, 0)
