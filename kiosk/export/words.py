"""Interface words of the exported site and books, from the kiosk's own gettext catalogs.

The site speaks the languages the kiosk's interface speaks (kiosk/locale); a page of a content
language the interface has no translation for (Khmer, Arabic) gets its interface words in
English, and every such word is marked `lang="en"`, so a screen reader switches voice.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from kiosk.text.scripts import direction, dominant_script
from kiosk.ui.i18n import N_, available_interface_languages, translate

KEY_DATES = {
    "adopted": N_("Adopted"),
    "entry_into_force": N_("Entered into force"),
    "vn_signed": N_("Viet Nam signed"),
    "vn_ratification": N_("Viet Nam ratified"),
    "vn_accession": N_("Viet Nam acceded"),
    "vn_succession": N_("Viet Nam succeeded"),
    "vn_in_force": N_("In force for Viet Nam"),
}


@cache
def _offered() -> frozenset[str]:
    return frozenset(available_interface_languages()) | {"en"}


def interface_language(lang: str) -> str:
    """The interface language for pages in `lang`: itself where translated, else English."""
    offered = _offered()
    if lang in offered:
        return lang
    base = lang.split("-")[0]
    return base if base in offered else "en"


def text_direction(text: str, lang: str = "") -> str:
    """'rtl' for Arabic or Hebrew text (by its letters, not its tag), else 'ltr'."""
    return direction(dominant_script(text)) if text else "ltr"


class Words:
    """`words("Search")` -> the word in the page's language, marked up when it is not."""

    def __init__(self, page_lang: str):
        self.page_lang = page_lang
        self.ui = interface_language(page_lang)

    @property
    def shown_lang(self) -> str:
        """The language of this page's interface words: put on elements whose labels
        (aria-label, data-) are interface words, where it is not the page's."""
        return self.ui

    def __call__(self, msgid: str, **values: object) -> Markup:
        text = translate(msgid, self.ui, **values)
        shown = self.ui if (self.ui == "en" or text != msgid) else "en"
        if shown.split("-")[0] == self.page_lang.split("-")[0]:
            return escape(text)
        return Markup('<span lang="{}" dir="ltr">{}</span>').format(shown, text)

    def plain(self, msgid: str, **values: object) -> str:
        return translate(msgid, self.ui, **values)
