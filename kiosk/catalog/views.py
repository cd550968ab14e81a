"""What the kiosk's screens get from the catalog: plain, immutable values.

Screens never see SQL, rows or file layouts; they get these views from `kiosk.catalog.read`.
Every view that holds visitor-facing text says which language it is in (`lang`) and which
language was asked for (`requested_lang`), so a screen can tell the visitor when a translation
is missing and another language is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One block of body text, from Markdown: a heading, a paragraph or a list item.

    `text` is plain text (no Markdown, no Kivy markup): the UI escapes it before display.
    """

    kind: str  # "heading" | "paragraph" | "list_item"
    text: str
    level: int = 0  # heading level (1-6) or list nesting depth


@dataclass(frozen=True)
class ZoomView:
    """A Deep Zoom (DZI) tile pyramid of a large image, for the zoom viewer."""

    dzi: str  # absolute path of the .dzi file; tiles are in <name>_files/<level>/<col>_<row>
    width: int  # full size, upright
    height: int
    tile_size: int
    levels: int


@dataclass(frozen=True)
class Narration:
    """A person's recorded reading of a text, in one language, with its words.

    The transcript is what the recording says, for visitors who cannot hear it: usually the
    text the screen already shows (a treaty's summary, a page's text), sometimes its own.
    """

    audio: str  # absolute path of the recording: OGG Vorbis, MP3 or WAV
    duration_s: float
    lang: str  # the recording's language, that of the text it reads
    transcript: tuple[Block, ...]
    mime: str = ""


@dataclass(frozen=True)
class SiteInfo:
    title: dict[str, str]  # interface language -> exhibition name
    languages: tuple[str, ...]  # interface languages offered, in picker order
    default_language: str
    idle_timeout_seconds: int
    edition: int
    built_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class ItemSummary:
    """Enough to draw a tile or a list row for an item."""

    id: str
    kind: str  # "treaty" | "document" | "image" | "section"
    title: str
    lang: str
    requested_lang: str
    subtitle: str = ""  # e.g. a treaty's abbreviation and year
    thumbnail: str | None = None  # absolute path of a small image, if the item has one


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    lang: str
    requested_lang: str
    introduction: tuple[Block, ...]


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


@dataclass(frozen=True)
class KeyDate:
    label_key: str  # "adopted" | "entry_into_force" | "vn_signed" | "vn_ratification" | ...
    date: str  # ISO 8601 date


@dataclass(frozen=True)
class TreatyView:
    id: str
    title: str
    lang: str
    requested_lang: str
    abbreviation: str
    summary: tuple[Block, ...]
    key_dates: tuple[KeyDate, ...]
    resolution: str
    articles: int | None
    monitoring_body: str
    viet_nam_action: str  # "ratification" | "accession" | "none"
    sources: tuple[Source, ...]
    available_languages: tuple[str, ...]
    url: str = ""
    easy_read: tuple[Block, ...] = ()  # the summary in Easy Read, when the curator wrote one
    qr: str | None = None  # a QR code image of `url`, for visitors to take it with them
    narration: Narration | None = None  # a recorded reading of the summary in `lang`


@dataclass(frozen=True)
class PageView:
    index: int  # 0-based position in the document
    page_id: str
    title: str
    text: tuple[Block, ...]  # transcript in `lang`; empty when this page has none
    image: str | None = None  # absolute path of the page image (display size)
    thumbnail: str | None = None
    zoom: ZoomView | None = None  # tiles of a large scan
    narration: Narration | None = None  # a recorded reading of this page in the document's lang


@dataclass(frozen=True)
class DocumentView:
    id: str
    title: str
    lang: str
    requested_lang: str
    direction: str  # "ltr" | "rtl"
    script: str  # ISO 15924 code of the text, e.g. "Khmr"
    introduction: tuple[Block, ...]
    pages: tuple[PageView, ...]
    credit: str
    source: Source | None
    available_languages: tuple[str, ...]
    url: str = ""
    qr: str | None = None
    narration: Narration | None = None  # a recorded reading of the introduction (or more)


@dataclass(frozen=True)
class ImageView:
    id: str
    title: str
    lang: str
    requested_lang: str
    image: str  # absolute path of the display-size image
    alt: str
    caption: str
    credit: str
    licence: str
    description: tuple[Block, ...]
    available_languages: tuple[str, ...]
    width: int = 0
    height: int = 0
    content_warning: str = ""  # shown before the image, which waits for the visitor's choice
    zoom: ZoomView | None = None
    url: str = ""  # a public web address, offered as `qr`
    qr: str | None = None
    narration: Narration | None = None  # a recorded reading of the description (or more)


@dataclass(frozen=True)
class SearchHit:
    item_id: str
    kind: str
    lang: str
    title: str
    snippet: str  # plain text around the first match, from the original (unfolded) text
    page_index: int | None = None  # for documents: the page where the match is
    highlights: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # spans in snippet


@dataclass(frozen=True)
class FilmCue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class FilmView:
    """A film and its access tracks in the visitor's language (captions and descriptions
    fall back as the translation does; `caption_langs` says which exist)."""

    id: str
    title: str
    lang: str
    requested_lang: str
    film: str  # absolute path of the film
    poster: str
    duration_s: float
    width: int
    height: int
    spoken_lang: str  # the language spoken in the film; "zxx" for none
    has_speech: bool
    introduction: tuple[Block, ...]
    captions: tuple[FilmCue, ...]
    captions_lang: str
    descriptions: tuple[FilmCue, ...]
    descriptions_lang: str
    transcript: tuple[Block, ...]
    sign: tuple[tuple[str, str], ...]  # (sign language tag, absolute path)
    described: str | None
    credit: str
    licence: str
    available_languages: tuple[str, ...]
    caption_langs: tuple[str, ...] = ()
    transcript_lang: str = ""  # the language the transcript is in (it falls back too)


@dataclass(frozen=True)
class Highlight:
    """One picture of the attract loop: an item the curator (or the kiosk) chose to show."""

    item_id: str
    kind: str  # "image" | "document": the screen a touch on it opens
    title: str
    lang: str
    requested_lang: str
    picture: str  # absolute path of the display-size image
    credit: str = ""
    alt: str = ""  # what the picture shows, for speech


@dataclass(frozen=True)
class SiteLook:
    """The museum's own look: its logo and colours, each colour per palette name."""

    logo: str | None = None  # absolute path of the logo picture (display size)
    logo_alt: dict[str, str] = field(default_factory=dict)  # interface language -> its text
    accent: dict[str, str] = field(default_factory=dict)  # palette -> "#RRGGBB"
    accent_2: dict[str, str] = field(default_factory=dict)
