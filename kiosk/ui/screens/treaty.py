"""A treaty: its summary beside the facts (dates, committee, Viet Nam's participation, sources).

Dates are written in the interface language's own way (Babel, CLDR long format). Labels for
the key dates come from the interface catalogs; an unknown key from a newer catalog is still
shown, with a readable form of the key, rather than dropped.
"""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.formatting import long_date
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import BlockHeading

DATE_LABELS = {
    "adopted": N_("Adopted"),
    "opened_for_signature": N_("Opened for signature"),
    "entry_into_force": N_("Entry into force"),
    "vn_signed": N_("Signed by Viet Nam"),
    "vn_ratification": N_("Ratified by Viet Nam"),
    "vn_accession": N_("Viet Nam acceded"),
    "vn_succession": N_("Viet Nam succeeded"),
    "vn_in_force": N_("In force for Viet Nam"),
}
VIET_NAM_ACTIONS = {
    "ratification": N_("Viet Nam has ratified this treaty."),
    "accession": N_("Viet Nam has acceded to this treaty."),
    "succession": N_("Viet Nam is a party by succession."),
    "none": N_("Viet Nam is not yet a party to this treaty."),
}


def date_label(label_key: str) -> str:
    if label_key in DATE_LABELS:
        return _(DATE_LABELS[label_key])
    return label_key.replace("_", " ").capitalize()


class Fact(BoxLayout):
    """A small label above its value: 'Entry into force' / '4 January 1969'."""

    label = StringProperty("")
    value = StringProperty("")


class TreatyScreen(KioskScreen):
    treaty_title = StringProperty("")
    abbreviation = StringProperty("")

    def show(self, item_id: str) -> None:
        view = self.catalog.treaty(item_id, self.lang)
        self.view = view
        self.treaty_title = view.title
        self.abbreviation = view.abbreviation
        self.ids.summary.blocks = list(view.summary)
        self._show_facts(view)
        self.ids.summary_scroll.scroll_y = 1
        self.ids.facts_scroll.scroll_y = 1
        self.note_translation(view)

    def _show_facts(self, view) -> None:
        facts = self.ids.facts
        facts.clear_widgets()
        treaty_dates = [d for d in view.key_dates if not d.label_key.startswith("vn_")]
        viet_nam_dates = [d for d in view.key_dates if d.label_key.startswith("vn_")]

        facts.add_widget(BlockHeading(plain_text=_("Key dates")))
        for key_date in treaty_dates:
            facts.add_widget(
                Fact(
                    label=date_label(key_date.label_key), value=long_date(key_date.date, self.lang)
                )
            )
        if view.resolution:
            facts.add_widget(Fact(label=_("General Assembly resolution"), value=view.resolution))
        if view.articles:
            facts.add_widget(Fact(label=_("Articles"), value=str(view.articles)))

        if view.monitoring_body:
            facts.add_widget(BlockHeading(plain_text=_("Monitoring body")))
            facts.add_widget(Fact(value=view.monitoring_body))

        facts.add_widget(BlockHeading(plain_text=_("Viet Nam's participation")))
        action = VIET_NAM_ACTIONS.get(view.viet_nam_action)
        facts.add_widget(Fact(value=_(action) if action else view.viet_nam_action))
        for key_date in viet_nam_dates:
            facts.add_widget(
                Fact(
                    label=date_label(key_date.label_key), value=long_date(key_date.date, self.lang)
                )
            )

        if view.sources:
            facts.add_widget(BlockHeading(plain_text=_("Sources")))
            for source in view.sources:  # where the facts come from; the address above
                facts.add_widget(Fact(label=source.url, value=source.title))

    def shown_text(self) -> str:
        """Everything the screen shows as text, for tests and (later) speech."""
        parts = [self.treaty_title, self.abbreviation, self.ids.summary.shown_text()]
        parts += [w.plain_text for w in self.ids.facts.walk() if hasattr(w, "plain_text")]
        return "\n".join(p for p in parts if p)


load_kv_next_to(__file__)
