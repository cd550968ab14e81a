"""Are the interface strings translated into every language the site offers?

English is the interface's source language, so an untranslated string still shows — in
English. That fallback must be visible to staff before visitors meet it: `kiosk check` warns
for each string missing from a language's gettext catalog (`kiosk/locale/<lang>/...po`),
against the template `kiosk/locale/kiosk.pot` that `make i18n` extracts from the code.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import kiosk
from kiosk.content.problems import ProblemList

LOCALE_DIR = Path(kiosk.__file__).resolve().parent / "locale"
DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"


def check_interface_languages(languages: list[str], problems: ProblemList,
                              locale_dir: Path = LOCALE_DIR) -> None:
    template = locale_dir / f"{DOMAIN}.pot"
    if not template.is_file():
        return
    with template.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        po = locale_dir / lang.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.is_file():
            po = locale_dir / lang.split("-")[0] / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.is_file():
            problems.warning(po, 1, f"the interface has no translation into '{lang}': "
                             "visitors choosing it see the buttons in English",
                             f"pybabel init -D kiosk -i {template} -d {locale_dir} -l {lang}"
                             " (see docs/translating.md)")
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for msgid in wanted:
            message = catalog.get(msgid)
            if message is None or not message.string or message.fuzzy:
                line = message.lineno if message is not None and message.lineno else 1
                state = "marked fuzzy" if message is not None and message.fuzzy else "not translated"
                problems.warning(po, line, f"interface string {msgid!r} is {state} into '{lang}'",
                                 "translate it in this file; visitors see the English until then")
