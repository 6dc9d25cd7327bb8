from __future__ import annotations

from pathlib import Path

from django.urls import reverse

import seafarers_home.screening as screening_app

BREATHE_JS = Path(screening_app.__file__).parent / "static" / "screening" / "breathe.js"


def test_it_shows_the_steps_as_text_without_javascript(world, client_for):
    html = client_for("seafarer").get(reverse("screening:breathe")).content.decode()
    for step in ("吸气", "屏住呼吸,数 4 下", "慢慢呼气"):
        assert step in html
    # The interactive part starts hidden; the script reveals it.
    assert 'id="breathe" class="breathe" hidden' in html
    assert "breathe" in html and ".js" in html


def test_it_keeps_the_script_small_and_self_contained():
    source = BREATHE_JS.read_bytes()
    assert len(source) <= 3 * 1024
    text = source.decode()
    for forbidden in ("import ", "require(", "http://", "https://", "fetch(", "XMLHttpRequest"):
        assert forbidden not in text


def test_it_is_for_seafarers_only(world, client_for):
    assert client_for("officer_a").get(reverse("screening:breathe")).status_code == 404
    assert client_for("clinician").get(reverse("screening:breathe")).status_code == 404
