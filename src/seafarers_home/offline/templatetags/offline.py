"""``{% offline_head %}`` in the base template: the manifest, the theme colour, the page's
offline scope (offline/scope.py) and the outbox script with its translated words (data
attributes: the Content-Security-Policy allows no inline script)."""

from __future__ import annotations

import functools

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from seafarers_home.offline.scope import has_script, may_keep, scope_of

register = template.Library()

THEME_COLOUR = "#0b5c8a"  # --sea in core/site.css


# The banner the worker writes into a kept page it serves with no link (any page may be
# one); on the meta tag, so that pages without a script carry them too.
def _banner_words() -> dict[str, str]:
    return {
        "saved": _("没有网络:这是%(age)s保存在本机的副本,内容可能不是最新的。"),
        "minutes": _("%(n)s 分钟前"),
        "hours": _("%(n)s 小时前"),
        "days": _("%(n)s 天前"),
    }


# The outbox list (outbox.js), on its script tag. The k0-k4 names follow outbox.js's PATHS.
def _outbox_words() -> dict[str, str]:
    return {
        "k0": _("心理CT答卷"),
        "k1": _("留言提问"),
        "k2": _("留言追问"),
        "k3": _("回电请求"),
        "k4": _("活动报名"),
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
    """Pages with forms carry no script (they work as plain HTML; with no link the worker
    queues their posts). The script, which registers the worker, sends the outbox while a page
    is open and draws the outbox page, comes with the few pages in ``SCRIPTED_PAGES``."""
    request = context.get("request")
    if request is None:
        return ""
    scope = scope_of(request)
    keep = "1" if may_keep(request, scope) else "0"
    language = get_language() or ""
    head = format_html(
        '<link rel="manifest" href="{}"><meta name="theme-color" content="{}">'
        '<meta name="offline" content="{} {}"{}>',
        _manifest_url(),
        THEME_COLOUR,
        scope,
        keep,
        _banner_attributes(language),
    )
    if not has_script(request):
        return head
    return format_html(
        '{}<script src="{}" defer{}></script>',
        head,
        static("offline/outbox.js"),
        _outbox_attributes(language),
    )


# Every page renders the tag (issue 20 item 2: per-request template work): what does not
# depend on the request is built once per language, not on each page.
@functools.lru_cache(maxsize=1)
def _manifest_url() -> str:
    return reverse("offline:manifest")


@functools.lru_cache(maxsize=8)
def _banner_attributes(language: str) -> str:
    return format_html_join("", ' data-{}="{}"', _banner_words().items())


@functools.lru_cache(maxsize=8)
def _outbox_attributes(language: str) -> str:
    return format_html_join("", ' data-{}="{}"', _outbox_words().items())
