"""``{% offline_head %}`` in the base template: the manifest, the theme colour, the page's
offline scope (offline/scope.py) and the outbox script with its translated words (data
attributes: the Content-Security-Policy allows no inline script)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from seafarers_home.offline.scope import may_keep, scope_of

register = template.Library()

THEME_COLOUR = "#0b5c8a"  # --sea in core/site.css


def _words() -> dict[str, str]:
    return {
        "saved": _("没有网络:这是%(age)s保存在本机的副本,内容可能不是最新的。"),
        "minutes": _("%(n)s 分钟前"),
        "hours": _("%(n)s 小时前"),
        "days": _("%(n)s 天前"),
        "queued": _("没有网络:已放进发件箱,有网络时会自动发送,不用重填。"),
        "outbox": _("查看发件箱"),
        "waiting": _("待发送"),
        "sending": _("发送中"),
        "done": _("已送达"),
        "failed": _("失败"),
        "login": _("需要重新登录后再填写"),
        "refused": _("页面已过期,请重新打开表单填写"),
        "form": _("内容有误"),
        "empty": _("发件箱是空的。"),
    }


@register.simple_tag(takes_context=True)
def offline_head(context: template.Context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    scope = scope_of(request)
    keep = "1" if may_keep(request, scope) else "0"
    words = format_html_join("", ' data-{}="{}"', _words().items())
    return format_html(
        '<link rel="manifest" href="{}"><meta name="theme-color" content="{}">'
        '<meta name="offline" content="{} {}">'
        '<script src="{}" defer data-outbox-url="{}"{}></script>',
        reverse("offline:manifest"),
        THEME_COLOUR,
        scope,
        keep,
        static("offline/outbox.js"),
        reverse("offline:outbox"),
        words,
    )
