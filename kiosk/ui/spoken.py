"""What the kiosk says: an element's name, role and state; a screen in reading order; help.

Each piece is a `SpeechRun` carrying its language: content in the content's language (a
treaty title in French is read by the French voice), everything the interface adds (roles,
states, prompts, help) in the interface language. `kiosk.speech.plan` then picks the voices
and explains, rather than misreads, a language without one.
"""

from __future__ import annotations

from typing import Any

from kiosk.speech import SpeechRun
from kiosk.ui import i18n
from kiosk.ui.i18n import N_, _

ROLE_NAMES = {"button": N_("button"), "heading": N_("heading"), "image": N_("image")}
STATE_NAMES = {"selected": N_("selected"), "unavailable": N_("not available")}
SCREEN_NAMES = {
    "attract": N_("Welcome screen"),
    "home": N_("Home"),
    "section": N_("Section"),
    "treaty": N_("Treaty"),
    "document": N_("Document"),
    "image": N_("Image"),
    "search": N_("Search"),
    "timeline": N_("Timeline"),
    "video": N_("Film"),
}
READ_ROLES = ("heading", "text", "image", "notice")
PAUSES = (".", ",", ":", ";", "!", "?", "…")

KEY_HELP = N_(
    "Up and Down move from item to item. Enter chooses. Back goes back. Home goes to the "
    "start. Help tells you where you are. Repeat says it again. The volume keys change how "
    "loud I speak, and Stop silences me."
)
TOUCH_HELP = N_("You can also touch the screen to hear what is there, and tap twice to choose it.")


def ui(text: str) -> SpeechRun:
    """Text in the interface language."""
    return SpeechRun(text, i18n.current_language())


def name_runs(stop: Any) -> list[SpeechRun]:
    runs = [SpeechRun(stop.spoken_name(), stop.lang or i18n.current_language())]
    if _is_language_choice(stop):
        runs = [_language_choice_name(stop)]
    details = getattr(stop, "spoken_details", None)
    if details is not None and details():
        runs.append(ui(details()))
    return runs


def describe_stop(stop: Any) -> list[SpeechRun]:
    """'Tiếng Việt, button, selected': name (in its language), role and state."""
    runs = name_runs(stop)
    if stop.role in ROLE_NAMES:
        runs.append(ui(_(ROLE_NAMES[stop.role])))
    runs += [ui(_(STATE_NAMES[state])) for state in stop.spoken_state() if state in STATE_NAMES]
    return _with_commas(runs)


def _with_commas(runs: list[SpeechRun]) -> list[SpeechRun]:
    """'Next page, button, selected' rather than three sentences."""
    out = [SpeechRun(r.text if r.text.endswith(PAUSES) else r.text + ",", r.lang, r.recording)
           for r in runs[:-1]]
    return [*out, *runs[-1:]]


def _is_language_choice(stop: Any) -> bool:
    return stop.role == "button" and bool(stop.lang) and getattr(stop, "value", None) == stop.lang


def _language_choice_name(stop: Any) -> SpeechRun:
    """A language button says its own name in its own voice ("Français" in French); where
    no voice speaks it, its name in the interface language ("tiếng Khmer")."""
    from kivy.app import App

    app = App.get_running_app()
    if app is None or app.narrator.engine.voices.has_voice(stop.lang):
        return SpeechRun(stop.spoken_name(), stop.lang)
    return ui(app.language_in_interface(stop.lang))


def reading_runs(stops: list[Any]) -> list[SpeechRun]:
    """The text among `stops`, in order: what reading a screen or a page says."""
    runs: list[SpeechRun] = []
    for stop in stops:
        if stop.role not in READ_ROLES:
            continue
        runs += name_runs(stop)
        if stop.role == "image":
            runs.append(ui(_(ROLE_NAMES["image"])))
    return runs


def screen_name(name: str) -> str:
    return _(SCREEN_NAMES[name]) if name in SCREEN_NAMES else name


def position_runs(position: int, total: int, extra: str = "") -> list[SpeechRun]:
    runs = [ui(extra)] if extra else []
    if position:
        runs.append(ui(_("Item {position} of {total}.", position=position, total=total)))
    return runs


def help_runs(screen_label: str, title: list[SpeechRun], position: list[SpeechRun],
              audio_mode: bool) -> list[SpeechRun]:
    runs = [ui(_("You are on: {screen}.", screen=screen_label)), *title, *position]
    runs.append(ui(_(KEY_HELP)))
    if audio_mode:
        runs.append(ui(_(TOUCH_HELP)))
    return runs


def welcome_runs() -> list[SpeechRun]:
    return [ui(_("Welcome. Speech is on.")), ui(_(KEY_HELP))]
