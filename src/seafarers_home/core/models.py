from django.db import models


class TimestampedModel(models.Model):
    """Every model records when it was created and last changed (UTC, as USE_TZ stores)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
