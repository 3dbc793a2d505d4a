from __future__ import annotations

import pytest

from her2bot.telegram_html import HtmlError, check_message, to_plain_text, utf16_length


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    html = (
        '<b>Bold</b> &amp; <i>italic</i> &lt;3 <a href="https://example.org">link</a> '
        "&#34;q&#34;"
    )
    assert to_plain_text(html) == 'Bold & italic <3 link "q"'


@pytest.mark.parametrize("html", [
    "<b>unclosed",
    "<b><i>crossed</b></i>",
    "<div>block</div>",
    "<br/>",
    "a < b",
    "&nbsp;",
    "fish &amp chips",
    '<a>no href</a>',
    '<b class="x">attr</b>',
])
def test_what_telegram_rejects_is_rejected(html: str) -> None:
    with pytest.raises(HtmlError):
        to_plain_text(html)


def test_length_is_counted_in_utf16_units_after_parsing() -> None:
    assert utf16_length("😀") == 2
    assert check_message("<b>" + "x" * 4096 + "</b>") == "x" * 4096
    with pytest.raises(HtmlError, match="too long"):
        check_message("😀" * 2049)
    with pytest.raises(HtmlError, match="empty"):
        check_message("<b> </b>")
