from django.db import models

from seafarers_home.lib.choice_labels import ChoiceLabels


class TimestampedModel(ChoiceLabels, models.Model):
    """Every model records when it was created and last changed (UTC, as USE_TZ stores)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The task worker's last sign of life (core/worker_health.py). Crisis escalation runs in
    the worker, so /healthz, the metrics and the supervisors' banner read this row to notice
    a worker that has stopped. One row per queue the heartbeat task runs on."""

    queue = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()
    # host:pid of the process that ran the last beat, for whoever has to go and look.
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.queue} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class PeriodicJobState(models.Model):
    """When a periodic job (core/periodic.py) is next due, and how its last run went. One row
    per job name; the conditional update of ``next_due_at`` is what lets the worker and cron
    run the same job without running it twice in one interval."""

    name = models.CharField(max_length=80, primary_key=True)
    next_due_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    # Consecutive failures: the retry delay grows with them (core/periodic.py, RETRY_*).
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.name} next {self.next_due_at:%Y-%m-%d %H:%M:%S}"


class SpentNonce(models.Model):
    """Nonces of accepted signed machine requests (core/signed_webhooks.py), per sender
    (``scope``), kept for the replay window: the hotline's phone system, the short-message
    gateways."""

    scope = models.CharField(max_length=40)
    nonce = models.CharField(max_length=80)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "nonce"], name="one_spent_nonce_per_scope")
        ]
