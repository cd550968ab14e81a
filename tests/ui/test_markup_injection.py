"""Content can never inject Kivy markup: a hypothesis property over real labels in the app.

It lives with the app tests because a label's kv rules need the running app (its theme);
the content reader and search fuzzing is in tests/test_fuzz_content_and_search.py.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_fuzz_content_and_search import MARKUP, ODD_TEXT, examples

OUR_TAGS = re.compile(r"\[(/?b|/?u|font=[^\[\]]+|/font)\]")
LABEL_TEXT = st.lists(st.one_of(MARKUP, ODD_TEXT, st.sampled_from(
    ["[b]bold[/b]", "[ref=home]x[/ref]", "[color=#ff0000]red[/color]", "[font=x.ttf]",
     "[size=200]", "[sub]", "[anchor=a]", "&bl;", "&amp;", "ខ្មែរ 12", "ไทย A", "Điều 1",
     "漢字", "עברית 5"])), max_size=8).map("".join)


@settings(max_examples=examples(200), deadline=None)
@given(text=LABEL_TEXT, spans=st.lists(st.tuples(st.integers(-2, 60), st.integers(-2, 60)),
                                       max_size=3))
def test_content_text_is_never_read_as_kivy_markup(kiosk_session, text, spans):
    """What a visitor sees is exactly the content: every tag Kivy finds in a label's markup
    is one the label made itself (fonts per script run, bold+underline for search hits), and
    the text between them, unescaped as Kivy does, is the content unchanged."""
    from kivy.core.text.markup import MarkupLabel

    from kiosk.ui.labels import ScriptLabel

    text = text.replace("\r", "")
    label = ScriptLabel(plain_text=text, highlights=[s for s in spans if s[0] < s[1]])
    if not label.markup:
        return  # Kivy shows `text` literally (in visual order for right-to-left scripts)
    shown = []
    for token in MarkupLabel(text=label.text).markup:
        if token.startswith("[") and token.endswith("]"):
            assert OUR_TAGS.fullmatch(token), f"content became the tag {token!r}"
        else:
            shown.append(token.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&"))
    assert "".join(shown) == text
