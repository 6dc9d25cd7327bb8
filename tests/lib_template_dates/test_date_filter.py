"""The ``date`` filter (lib/template_dates.py): whatever the value and the format, the same
output as Django's own filter, or the same error; the engine still hands it local time."""

from __future__ import annotations

import datetime
import zoneinfo

from django.template import Context, Template
from django.template.defaultfilters import register
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seafarers_home.lib import template_dates

# Letters the fast path formats, letters it leaves to Django, separators, an escape, braces.
FORMATS = st.text(alphabet="YmdHisDjnNaAFP -:/.年月日{}\\", max_size=12)
VALUES = st.one_of(
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 1, 1)),
    st.dates(),
    st.none(),
    st.just(""),
    st.text(max_size=5),
    st.integers(),
)


def _outcome(function, value, fmt):
    try:
        return ("value", function(value, fmt))
    except Exception as error:  # the same error is the point
        return ("error", type(error), str(error))


@settings(max_examples=400, deadline=None)
@given(value=VALUES, fmt=st.one_of(FORMATS, st.none()))
@example(value=datetime.datetime(987, 6, 5, 4, 3, 2), fmt="Y-m-d H:i:s")  # the fast path
@example(value=datetime.date(2026, 12, 7), fmt="Y年m月d日 {Y}")
@example(value=datetime.date(2026, 12, 7), fmt="Y-m-d H:i")  # Django's TypeError
def test_it_answers_what_django_answers_for_any_value_and_format(value, fmt):
    with translation.override("en"):
        assert _outcome(template_dates.date, value, fmt) == _outcome(
            template_dates._django_date, value, fmt
        )


def test_the_templates_use_it_with_django_s_flags():
    assert register.filters["date"] is template_dates.date
    assert template_dates.date.expects_localtime and not template_dates.date.is_safe


def test_an_aware_datetime_is_shown_in_the_active_time_zone():
    at = datetime.datetime(2026, 12, 6, 23, 30, 5, tzinfo=datetime.UTC)
    template = Template('{{ at|date:"Y-m-d H:i" }}|{{ at|date:"H:i:s" }}|{{ day|date:"Y-m" }}')
    with timezone.override(zoneinfo.ZoneInfo("Asia/Shanghai")):
        shown = template.render(Context({"at": at, "day": at.date()}))
    assert shown == "2026-12-07 07:30|07:30:05|2026-12"
