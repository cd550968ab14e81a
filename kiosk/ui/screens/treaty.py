"""A treaty: its summary beside the facts (dates, committee, Viet Nam's participation, sources).

Where the curators wrote an Easy Read version of the summary (short sentences, one idea
each, hard words explained: Inclusion Europe's "Information for all"), two buttons switch
between it and the full summary; the choice holds for the rest of the visit.

Where the summary has a recorded reading in the language shown, a player sits under it
(kiosk/ui/narration.py), and in audio mode the recording is played where the summary would
be synthesised: a person's voice takes precedence over espeak-ng's. Not for the Easy Read
version, which the recording does not say.

Dates are written in the interface language's own way (Babel, CLDR long format). Labels for
the key dates come from the interface catalogs; an unknown key from a newer catalog is still
shown, with a readable form of the key, rather than dropped.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.speech import SpeechRun
from kiosk.ui import spoken, take_away  # noqa: F401 - take_away: QRCard in treaty.kv
from kiosk.ui.focus import FocusStop, focus_stops
from kiosk.ui.formatting import long_date
from kiosk.ui.i18n import N_, _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.narration import NarrationPlayer  # noqa: F401 - used in treaty.kv
from kiosk.ui.safety import guarded
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


class Fact(FocusStop, BoxLayout):
    """A small label above its value: 'Entry into force' / '4 January 1969'. One focus stop,
    spoken as "label: value"; `lang` is the value's language ('' for the interface's)."""

    label = StringProperty("")
    value = StringProperty("")

    def spoken_name(self) -> str:
        return self.speech_name or ": ".join(p for p in (self.label, self.value) if p)


class TreatyScreen(KioskScreen):
    treaty_title = StringProperty("")
    abbreviation = StringProperty("")
    content_lang = StringProperty("")
    has_easy_read = BooleanProperty(False)
    easy_read = BooleanProperty(False)  # the Easy Read version is shown
    fold = BooleanProperty(False)  # the title is one shortened line (treaty.kv)
    qr = ObjectProperty(None, allownone=True)  # the QR code of the treaty's web address
    url = StringProperty("")

    def show(self, item_id: str) -> None:
        view = self.catalog.treaty(item_id, self.lang)
        self.view = view
        self.content_lang = view.lang
        self.treaty_title = view.title
        self.abbreviation = view.abbreviation
        easy = tuple(getattr(view, "easy_read", ()) or ())
        self.has_easy_read = bool(easy)
        self.easy_read = self.has_easy_read and self.kiosk.prefs.easy_read
        self._offer_easy_read(self.has_easy_read)
        self.ids.summary.blocks = list(easy if self.easy_read else view.summary)
        self.ids.narration_player.narration = getattr(view, "narration", None)
        self.qr, self.url = view.qr, view.url or ""
        self._show_facts(view)
        self.ids.treaty_scroll.scroll_y = 1
        self.note_translation(view)

    def forget_visitor(self) -> None:
        self.ids.summary.blocks = []
        self.ids.facts.clear_widgets()
        self.ids.narration_player.narration = None
        self.qr = None

    def _offer_easy_read(self, offered: bool) -> None:
        """The Full / Easy Read buttons, under the abbreviation, only where there is a choice."""
        if not hasattr(self, "_reading_choice"):  # kv ids are weak: keep it while out
            self._reading_choice = self.ids.reading_choice.__self__
        choice = self._reading_choice
        column = self.ids.treaty_abbreviation.parent
        if offered and choice.parent is None:
            column.add_widget(choice, index=1)  # children run bottom-up: above the columns
        elif not offered and choice.parent is not None:
            column.remove_widget(choice)

    @guarded
    def use_easy_read(self, easy: bool) -> None:
        if easy:
            self.kiosk.staff.feature("easy_read")
        self.kiosk.set_preferences(easy_read=easy)
        self.kiosk.show_in_place()

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
            facts.add_widget(Fact(value=view.monitoring_body, lang=view.lang))

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
                facts.add_widget(Fact(label=source.url, value=source.title, lang="en",
                                      speech_name=source.title))

    def reading_runs(self) -> list[SpeechRun]:
        """The screen in reading order, the summary's recording in place of its text; the
        player's own controls are not read (they are reached with the keys)."""
        narration = self.ids.narration_player.narration
        player = set(focus_stops([self.ids.narration_player]))
        stops = [s for s in focus_stops([self]) if s not in player]
        if narration is None or self.easy_read:
            return spoken.reading_runs(stops)
        summary = set(focus_stops([self.ids.summary]))
        runs: list[SpeechRun] = []
        for stop in stops:
            if stop not in summary:
                runs += spoken.reading_runs([stop])
            elif not any(r.recording for r in runs):
                runs.append(SpeechRun("", narration.lang, recording=narration.audio))
        return runs

    def shown_text(self) -> str:
        """Everything the screen shows as text, for tests and (later) speech."""
        parts = [self.treaty_title, self.abbreviation, self.ids.summary.shown_text()]
        parts += [w.plain_text for w in self.ids.facts.walk() if hasattr(w, "plain_text")]
        return "\n".join(p for p in parts if p)


load_kv_next_to(__file__)
