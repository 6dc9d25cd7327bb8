from django.db import models


class TimestampedModel(models.Model):
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
