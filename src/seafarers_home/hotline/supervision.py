"""The supervisor's view: the live queue and counsellors, and the history of the line as
figures and charts. Nothing here shows call content or who called: waiting calls are shown by
their wait and channel only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from django.db.models import Count, Q
from django.utils import timezone

from seafarers_home.hotline.models import CallbackRequest, CounsellorState, HotlineCall
from seafarers_home.lib.percentiles import percentile
from seafarers_home.lib.svg_charts import axes, svg_open
from seafarers_home.lib.zones import hospital_zone

ENDED = (
    HotlineCall.Status.COMPLETED,
    HotlineCall.Status.ABANDONED,
    HotlineCall.Status.DROPPED,
    HotlineCall.Status.CALLBACK_OFFERED,
)


@dataclass
class LiveBoard:
    waiting: list[dict]
    in_progress: list[dict]
    counsellors: list[CounsellorState]


def live_board(now: datetime | None = None) -> LiveBoard:
    now = now or timezone.now()
    waiting = [
        {
            "position": n,
            "waited_seconds": int((now - call.queued_at).total_seconds()),
            "channel": call.get_channel_display(),
            "offered": call.status == HotlineCall.Status.OFFERED,
        }
        for n, call in enumerate(
            HotlineCall.objects.filter(
                status__in=(HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED),
                queued_at__lte=now,
            ).order_by("queued_at", "pk")[:200],
            start=1,
        )
    ]
    in_progress = [
        {
            "counsellor": str(call.counsellor),
            "channel": call.get_channel_display(),
            "seconds": int((now - call.answered_at).total_seconds()) if call.answered_at else 0,
        }
        for call in HotlineCall.objects.filter(status=HotlineCall.Status.CONNECTED).select_related(
            "counsellor"
        )
    ]
    counsellors = list(
        CounsellorState.objects.select_related("user").order_by("state", "user__display_name")
    )
    return LiveBoard(waiting, in_progress, counsellors)


@dataclass
class History:
    since: datetime
    calls: int
    answered: int
    abandoned: int
    callback_offered: int
    dropped: int
    wait_p50: float | None
    wait_p90: float | None
    wait_p99: float | None
    callbacks_done: int
    callbacks_failed: int
    by_hour: list[int]
    by_weekday: list[int]

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.calls if self.calls else None

    @property
    def abandoned_rate(self) -> float | None:
        return self.abandoned / self.calls if self.calls else None

    @property
    def callbacks_kept_rate(self) -> float | None:
        total = self.callbacks_done + self.callbacks_failed
        return self.callbacks_done / total if total else None


def history(days: int = 30, now: datetime | None = None) -> History:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    calls = HotlineCall.objects.filter(
        queued_at__gte=since, queued_at__lte=now, status__in=ENDED
    ).exclude(channel=HotlineCall.Channel.CALLBACK)
    counts = calls.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        abandoned=Count("pk", filter=Q(status=HotlineCall.Status.ABANDONED)),
        callback_offered=Count("pk", filter=Q(status=HotlineCall.Status.CALLBACK_OFFERED)),
        dropped=Count("pk", filter=Q(status=HotlineCall.Status.DROPPED)),
    )
    waits = sorted(
        (answered - queued).total_seconds()
        for queued, answered in calls.filter(answered_at__isnull=False).values_list(
            "queued_at", "answered_at"
        )
    )
    by_hour = [0] * 24
    by_weekday = [0] * 7
    zone = hospital_zone()
    for queued_at in calls.values_list("queued_at", flat=True).iterator():
        local = queued_at.astimezone(zone)
        by_hour[local.hour] += 1
        by_weekday[local.weekday()] += 1
    callbacks = CallbackRequest.objects.filter(window_start__gte=since).aggregate(
        done=Count("pk", filter=Q(status=CallbackRequest.Status.DONE)),
        failed=Count("pk", filter=Q(status=CallbackRequest.Status.FAILED)),
    )
    return History(
        since=since,
        calls=counts["total"],
        answered=counts["answered"],
        abandoned=counts["abandoned"],
        callback_offered=counts["callback_offered"],
        dropped=counts["dropped"],
        wait_p50=percentile(waits, 0.5),
        wait_p90=percentile(waits, 0.9),
        wait_p99=percentile(waits, 0.99),
        callbacks_done=callbacks["done"],
        callbacks_failed=callbacks["failed"],
        by_hour=by_hour,
        by_weekday=by_weekday,
    )


def bar_svg(title: str, values: list[int], labels: list[str]) -> str:
    """A small bar chart as inline SVG (no JavaScript, a few KB)."""
    width, height, left, bottom, top = 360, 130, 24, 18, 8
    plot_w, plot_h = width - left - 6, height - bottom - top
    peak = max(values) or 1
    step = plot_w / max(len(values), 1)
    parts = [
        svg_open(width, height, title),
        f'<text x="{left - 3}" y="{top + 3}" text-anchor="end">{peak}</text>',
        axes(left, top, top + plot_h, width - 6),
    ]
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        h = value / peak * plot_h
        x = left + i * step + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#1565c0"><title>{escape(label)}: {value}</title></rect>'
        )
        if len(values) <= 7 or i % 3 == 0:
            parts.append(
                f'<text x="{x + step * 0.35:.1f}" y="{height - 5}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
