"""Draw the sample's gallery "Article 1 in 16 languages and scripts" from the UDHR corpus.

    python tools/make_sample_cards.py [--content DIR] [--corpus DIR]

writes, for each of the sixteen translations in ../shared/corpus/udhr,

- items/article-1-<tag>/card.jpg: a 1600 x 1000 card with the article's heading and text in
  that language, shaped in the font the kiosk uses for its script (right to left for Arabic);
- items/article-1-<tag>/item.yaml and vi.md, en.md, fr.md: title (the language's name),
  caption, alt text (the card's words, quoted), and a long description;
- items/article-1/item.yaml and its language files: the section listing the sixteen cards;
- items/article-1-vi/narration.vi.ogg: the Vietnamese card's words read by espeak-ng (encoded
  by sox), named in vi.md with its transcript, as a sample of recorded narration.

The cards stay under the kiosk's 2048 px display size, so they need no zoom pyramid, and are
JPEGs, whose display copies the build makes ten times faster than a PNG's: the sixteen add
little to a build. Output is deterministic (same corpus, fonts and Pillow: same bytes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from make_sample_typeset import (
    ACCENT,
    BACKGROUND,
    CORPUS,
    LANGUAGES,
    LICENCE,
    ROOT,
    TEXT_CREDIT,
    Language,
    Style,
    draw_line,
    escape_markdown,
    front_matter,
    is_rtl,
    page_text,
    require_raqm,
    save_jpeg,
    translation,
    wrap_lines,
    write_text,
)
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 1000
MARGIN = 110  # text never comes closer to an edge than this
EDGE = 28  # the accent bar on the side where reading starts
HEADING_SIZE = 68
BODY_SIZES = range(76, 35, -2)  # the largest size at which the whole article fits
HEADING_GAP = 44
SECTION_ID = "article-1"
SECTION_ORDER = 4
FILE = "card.jpg"
CREDIT = f"{TEXT_CREDIT}; card design: exhibition team"
# The Vietnamese card comes with a recording of its words in that language's file: a sample
# of recorded narration, made with a synthetic voice and credited as one.
NARRATED = {"vi": ("vi", "narration.vi.ogg")}  # card tag -> (language file, recording)
VOICE_CREDIT = "narration: synthetic voice (eSpeak NG)"

SECTION_TEXT = {
    "en": ("Article 1 in 16 languages and scripts",
           "Article 1 of the Universal Declaration of Human Rights in the sixteen translations "
           "this exhibition holds. Each card shows the article in one language and its own "
           "script."),
    "vi": ("Điều 1 bằng 16 ngôn ngữ và chữ viết",
           "Điều 1 của Tuyên ngôn toàn thế giới về nhân quyền trong mười sáu bản dịch mà "
           "triển lãm lưu giữ. Mỗi tấm thẻ ghi điều này bằng một ngôn ngữ, với chữ viết của "
           "ngôn ngữ ấy."),
    "fr": ("L'article premier en 16 langues et écritures",
           "L'article premier de la Déclaration universelle des droits de l'homme dans les "
           "seize traductions que présente l'exposition. Chaque carte montre l'article dans "
           "une langue et dans son écriture."),
}


def card_text(language: Language, corpus: Path) -> tuple[str, str]:
    """(heading, text) of Article 1 in this language, exactly as the corpus has them."""
    heading, paragraphs = page_text(translation(language.key, corpus), "article-1")
    return heading, "\n".join(paragraphs)


def render_card(language: Language, heading: str, text: str) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    rtl = is_rtl(text)
    bar_x = WIDTH - MARGIN // 2 - EDGE if rtl else MARGIN // 2
    draw.rectangle([bar_x, MARGIN, bar_x + EDGE, HEIGHT - MARGIN], fill=ACCENT)
    left, right = MARGIN + EDGE, WIDTH - MARGIN - EDGE
    width = right - left
    head = Style(HEADING_SIZE, bold=True, fill=ACCENT, lang=language.tag)
    head_step = head.line_height(heading)
    for size in BODY_SIZES:
        body = Style(size, lang=language.tag)
        lines = wrap_lines(text, width, body)
        step = body.line_height(text)
        block = head_step + HEADING_GAP + step * len(lines)
        if block <= HEIGHT - 2 * MARGIN:
            break
    else:
        raise SystemExit(f"make_sample_cards: the {language.name['en']} text does not fit")
    y = (HEIGHT - block) / 2  # the heading and text, centred between top and bottom
    draw_line(draw, left, y + head_step * 0.75, heading, head, right_edge=right)
    y += head_step + HEADING_GAP
    for line in lines:
        draw_line(draw, left, y + step * 0.7, line, body, right_edge=right)
        y += step
    return image


# --- the language files ------------------------------------------------------------------------

def _name(language: Language, lang: str) -> str:
    """The language's name, with the script where it is not the language's usual one
    (Vietnamese in Han-Nom, beside Vietnamese in Quốc ngữ), short enough for a gallery tile:
    "Tiếng Việt (Hán Nôm)", as site.yaml names that translation."""
    twins = [other for other in LANGUAGES if other.name["en"] == language.name["en"]]
    name = language.name[lang]
    unusual = len(twins) > 1 and language is not twins[0]
    return f"{name} ({language.script[lang].removeprefix('chữ ')})" if unusual else name


def _quoted(text: str, lang: str) -> str:
    one_line = " ".join(text.split())
    return f"« {one_line} »" if lang == "fr" else f"“{one_line}”"


def item_files(language: Language, heading: str, text: str) -> dict[str, str]:
    """vi.md, en.md and fr.md for one card."""
    files = {}
    side = {"en": "right", "vi": "phải", "fr": "droit"} if is_rtl(text) else {
        "en": "left", "vi": "trái", "fr": "gauche"}
    for lang in ("vi", "en", "fr"):
        name, plain_name, script = _name(language, lang), language.name[lang], language.script[lang]
        heading_q, text_q = _quoted(heading, lang), _quoted(text, lang)
        other_script = language.tag != lang and language.tag.split("-")[0] == lang
        fields, body = _WORDING[lang](name, plain_name, script, side[lang], heading_q, text_q)
        if language.tag == lang:
            body = _SAME_LANGUAGE[lang]
        elif other_script:
            body = _OTHER_SCRIPT[lang].format(script=script)
        if NARRATED.get(language.tag, ("",))[0] == lang:
            fields["audio"] = NARRATED[language.tag][1]
            fields["transcript"] = escape_markdown(narration_text(heading, text))
        files[f"{lang}.md"] = front_matter(fields, escape_markdown(body))
    return files


def narration_text(heading: str, text: str) -> str:
    """What the recording says: the card's heading and text, as printed."""
    return f"{heading} {' '.join(text.split())}"


def record(text: str, voice: str, out: Path) -> bool:
    """Speak `text` with espeak-ng into an OGG Vorbis file (through sox); False if either
    program is missing, in which case an existing recording is kept as it is."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        print(f"espeak-ng or sox is missing: {out.name} not recorded again")
        return False
    with tempfile.TemporaryDirectory() as scratch:
        wav = Path(scratch) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "140", "-w", str(wav), text], check=True)
        # -R: sox's "random" numbers (the Ogg stream serial) are the same on every run, so the
        # same words give the same bytes
        subprocess.run(["sox", "-R", str(wav), "-C", "3", str(out)], check=True)
    return True


# Titles name the language only, and long descriptions point to the Declaration rather than
# quote Article 1 in the visitor's language: sixteen cards saying "Article 1" in their titles,
# or repeating its words, would rank above the Declaration itself when a visitor searches for
# "dieu 1" or for a word of the article.
_UDHR_TITLE = {"en": "Universal Declaration of Human Rights",
               "vi": "Tuyên ngôn toàn thế giới về nhân quyền của Liên Hợp Quốc",
               "fr": "Déclaration universelle des droits de l’homme"}


def _english(name, plain_name, script, side, heading_q, text_q):
    return {
        "title": name[0].upper() + name[1:],
        "caption": f"Article 1 of the Universal Declaration of Human Rights in {plain_name}, "
                   f"written in the {script} script.",
        "alt": f"A card with dark writing on a light background and a dark blue bar along its "
               f"{side} edge. The heading {heading_q} is at the top. Below it is Article 1 in "
               f"{name}: {text_q}",
    }, (f"The card shows the {plain_name} translation of Article 1. To read the article in "
        f"English, open the “{_UDHR_TITLE['en']}” at Article 1.")


def _vietnamese(name, plain_name, script, side, heading_q, text_q):
    return {
        "title": name[0].upper() + name[1:],
        "caption": f"Điều 1 của Tuyên ngôn toàn thế giới về nhân quyền bằng {plain_name}, "
                   f"viết bằng {script}.",
        "alt": f"Một tấm thẻ chữ sẫm màu trên nền sáng, có một dải xanh đậm dọc mép {side}. "
               f"Trên cùng là tiêu đề {heading_q}. Bên dưới là Điều 1 bằng {name}: {text_q}",
    }, (f"Tấm thẻ ghi bản dịch Điều 1 bằng {plain_name}. Để đọc điều này bằng tiếng Việt, hãy "
        f"mở mục “{_UDHR_TITLE['vi']}” ở Điều 1.")


def _french(name, plain_name, script, side, heading_q, text_q):
    return {
        "title": name[0].upper() + name[1:],
        "caption": f"L'article premier de la Déclaration universelle des droits de l'homme en "
                   f"{plain_name} (écriture : {script}).",
        "alt": f"Une carte à l'écriture sombre sur fond clair, avec une bande bleu foncé le long "
               f"du bord {side}. En haut, le titre {heading_q}. En dessous, l'article premier en "
               f"{name} : {text_q}",
    }, (f"La carte montre la traduction en {plain_name} de l'article premier. Pour lire "
        f"l'article en français, ouvrez la « {_UDHR_TITLE['fr']} » à l'article premier.")


_WORDING = {"en": _english, "vi": _vietnamese, "fr": _french}
_SAME_LANGUAGE = {
    "en": "The card shows Article 1 in English, as the other cards show it in their languages.",
    "vi": "Tấm thẻ ghi Điều 1 bằng tiếng Việt, như các thẻ khác ghi điều này bằng ngôn ngữ của "
          "chúng.",
    "fr": "La carte montre l'article premier en français, comme les autres cartes le montrent "
          "dans leur langue.",
}
_OTHER_SCRIPT = {  # Vietnamese in Han-Nom, read by a visitor who chose Vietnamese
    "vi": f"Tấm thẻ ghi Điều 1 bằng {{script}}. Bản chữ Quốc ngữ có trong mục "
          f"“{_UDHR_TITLE['vi']}”.",
}


def item_yaml(language: Language) -> str:
    credit = f"{CREDIT}; {VOICE_CREDIT}" if language.tag in NARRATED else CREDIT
    return ("# Generated by tools/make_sample_cards.py from the UDHR corpus; run it again "
            "rather than editing.\n"
            f"kind: image\nfile: {FILE}\ncredit: \"{credit}\"\nlicence: \"{LICENCE}\"\n")


def section_files() -> dict[str, str]:
    ids = ", ".join(language.item_id for language in LANGUAGES)
    files = {"item.yaml": ("# Generated by tools/make_sample_cards.py.\n"
                           f"kind: section\norder: {SECTION_ORDER}\nitems: [{ids}]\n")}
    for lang, (title, intro) in SECTION_TEXT.items():
        files[f"{lang}.md"] = front_matter({"title": title}, intro)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="the exhibition folder (default: content/ in this repository)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="folder with the udhr_*.xml files (default: ../shared/corpus/udhr)")
    args = parser.parse_args(argv)
    require_raqm()
    items = args.content / "items"
    total = 0
    for language in LANGUAGES:
        heading, text = card_text(language, args.corpus)
        folder = items / language.item_id
        total += save_jpeg(render_card(language, heading, text), folder / FILE)
        write_text(folder / "item.yaml", item_yaml(language))
        for name, content in item_files(language, heading, text).items():
            write_text(folder / name, content)
        if language.tag in NARRATED:
            record(narration_text(heading, text), language.tag, folder / NARRATED[language.tag][1])
    for name, content in section_files().items():
        write_text(items / SECTION_ID / name, content)
    print(f"{len(LANGUAGES)} cards in {items.relative_to(args.content.parent)}: "
          f"{total // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
