"""Draw the sample exhibition's two timeline charts from content/data/treaties.yaml.

    python tools/make_sample_images.py [--content DIR]

writes

- items/timeline-un/timeline.png: the Universal Declaration and the nine core treaties, by
  year of adoption by the UN General Assembly;
- items/timeline-vn/timeline.png: Viet Nam's signatures (upper lane, open circles) and its
  ratifications and accessions (lower lane, filled circles), by year.

The charts carry only English abbreviations and years, so one image serves every language; the
words (title, alt text, caption, long description) live in each item's language files. Output
is deterministic (same data, same fonts, same Pillow: same bytes), high contrast (every colour
at least 7:1 against the background) and large (no text under 28 px). Needs Pillow and PyYAML.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
BOLD_FONT = "NotoSans-Bold.ttf"
REGULAR_FONT = "NotoSans-Regular.ttf"

WIDTH, HEIGHT = 1600, 900
MARGIN = 60  # nothing is drawn closer than this to an edge
BACKGROUND = (250, 247, 240)  # off-white
INK = (20, 20, 20)  # text, axis, leader lines
MARKER = (24, 58, 110)  # dark blue dots
MIN_CONTRAST = 7.0
ABBR_SIZE = 40
YEAR_SIZE = 34
MIN_TEXT_SIZE = 28
LINE_GAP = 4
BOX_PAD = 18  # minimum space between two labels
STEM = 34  # shortest leader line between a lane and its label
LEVEL_STEP = 80  # how much further out a label moves when the nearer place is taken
MARKER_RADIUS = 10  # dots one year apart (about 21 px) do not touch


@dataclass(frozen=True)
class Group:
    """One label on a lane: a year and the abbreviations of what happened in it."""

    year: int
    abbreviations: tuple[str, ...]


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = BOX_PAD) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)

    def inside_canvas(self) -> bool:
        return (self.x0 >= MARGIN and self.y0 >= MARGIN
                and self.x1 <= WIDTH - MARGIN and self.y1 <= HEIGHT - MARGIN)


@dataclass(frozen=True)
class Lane:
    """A horizontal line on which groups sit; labels go above (side -1) or below (+1)."""

    y: int
    sides: tuple[int, ...]  # sides to try, in order; two sides alternate between groups
    filled: bool  # filled dots, or open rings
    radius: int = MARKER_RADIUS


class Fonts:
    def __init__(self, font_dir: Path) -> None:
        self.abbr = ImageFont.truetype(str(font_dir / BOLD_FONT), ABBR_SIZE)
        self.year = ImageFont.truetype(str(font_dir / REGULAR_FONT), YEAR_SIZE)

    def line_height(self, font: ImageFont.FreeTypeFont) -> int:
        ascent, descent = font.getmetrics()
        return ascent + descent


# --- colour contrast (WCAG 2.x relative luminance) -------------------------------------------

def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- data ------------------------------------------------------------------------------------

def load_facts(content: Path) -> dict:
    with open(content / "data" / "treaties.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def adoption_groups(facts: dict) -> list[Group]:
    by_year: dict[int, list[str]] = defaultdict(list)
    by_year[facts["udhr"]["adopted"].year].append("UDHR")
    for treaty in sorted(facts["core_treaties"], key=lambda t: t["adopted"]):
        by_year[treaty["adopted"].year].append(treaty["abbreviation"])
    return [Group(year, tuple(names)) for year, names in sorted(by_year.items())]


def viet_nam_groups(facts: dict) -> tuple[list[Group], list[Group]]:
    """(signatures, ratifications and accessions), each grouped by year, in date order."""
    signed: list[tuple] = []
    joined: list[tuple] = []
    for treaty in facts["core_treaties"]:
        vn = treaty["viet_nam"]
        if vn.get("signed"):
            signed.append((vn["signed"], treaty["abbreviation"]))
        if vn["action"] in ("ratification", "accession"):
            joined.append((vn["date"], treaty["abbreviation"]))
    return _by_year(signed), _by_year(joined)


def _by_year(events: list[tuple]) -> list[Group]:
    by_year: dict[int, list[str]] = defaultdict(list)
    for day, name in sorted(events):
        by_year[day.year].append(name)
    return [Group(year, tuple(names)) for year, names in sorted(by_year.items())]


# --- layout ----------------------------------------------------------------------------------

def label_lines(group: Group, side: int) -> list[tuple[str, str]]:
    """(font key, text) from top to bottom; the year is always the line nearest the lane."""
    lines = [("abbr", name) for name in group.abbreviations]
    return [*lines, ("year", str(group.year))] if side < 0 else [("year", str(group.year)), *lines]


def label_size(fonts: Fonts, lines: list[tuple[str, str]]) -> tuple[float, float]:
    width = height = 0.0
    for key, text in lines:
        font = fonts.abbr if key == "abbr" else fonts.year
        width = max(width, font.getlength(text))
        height += fonts.line_height(font) + LINE_GAP
    return width, height - LINE_GAP


def place(fonts: Fonts, groups: list[Group], lane: Lane, x_of, taken: list[Box]) -> list[tuple]:
    """Greedy placement: nearest free spot to each group's year; returns (group, x, side, box)."""
    placed = []
    for index, group in enumerate(groups):
        sides = lane.sides if index % 2 == 0 else tuple(reversed(lane.sides))
        x = x_of(group.year)
        spot = _first_free_spot(fonts, group, lane, x, sides, taken)
        if spot is None:
            raise SystemExit(f"make_sample_images: no room for the {group.year} label")
        side, box = spot
        taken.append(box)
        placed.append((group, x, side, box))
    return placed


def _first_free_spot(fonts, group, lane, x, sides, taken):
    shifts = [0] + [s * d for d in range(30, 301, 30) for s in (1, -1)]
    for level in range(4):
        for side in sides:
            width, height = label_size(fonts, label_lines(group, side))
            near = lane.y + side * (STEM + lane.radius + level * LEVEL_STEP)
            y0, y1 = (near - height, near) if side < 0 else (near, near + height)
            for dx in shifts:
                box = Box(x + dx - width / 2, y0, x + dx + width / 2, y1)
                if box.inside_canvas() and not any(box.overlaps(b) for b in taken):
                    return side, box
    return None


# --- drawing ---------------------------------------------------------------------------------

def draw_lane(draw: ImageDraw.ImageDraw, fonts: Fonts, lane: Lane, placed: list[tuple],
              x_range: tuple[float, float]) -> None:
    draw.line([(x_range[0], lane.y), (x_range[1], lane.y)], fill=INK, width=5)
    # a ring of background round each dot breaks the lane line there, so the dots stand out;
    # rings first, then dots, so no ring covers the dot of a neighbouring year
    r = lane.radius + 4
    for _, x, _, _ in placed:
        draw.ellipse([x - r, lane.y - r, x + r, lane.y + r], fill=BACKGROUND)
    for _, x, _, _ in placed:
        _draw_marker(draw, x, lane.y, lane.radius, lane.filled)
    for group, x, side, box in placed:
        edge_y = box.y1 if side < 0 else box.y0
        centre_x = (box.x0 + box.x1) / 2
        draw.line([(x, lane.y + side * lane.radius), (centre_x, edge_y - side * 6)],
                  fill=INK, width=3)
        _draw_label(draw, fonts, label_lines(group, side), centre_x, box.y0)


def _draw_marker(draw: ImageDraw.ImageDraw, x: float, y: float, r: int, filled: bool) -> None:
    if filled:
        draw.ellipse([x - r, y - r, x + r, y + r], fill=MARKER, outline=MARKER, width=4)
    else:
        draw.ellipse([x - r, y - r, x + r, y + r], fill=BACKGROUND, outline=MARKER, width=4)


def _draw_label(draw, fonts: Fonts, lines, centre_x: float, top: float) -> None:
    y = top
    for key, text in lines:
        font = fonts.abbr if key == "abbr" else fonts.year
        draw.text((centre_x, y), text, font=font, fill=INK, anchor="ma")
        y += fonts.line_height(font) + LINE_GAP


def year_scale(years: list[int], pad_years: float):
    first, last = min(years) - pad_years, max(years) + pad_years
    left, right = MARGIN + 40, WIDTH - MARGIN - 40

    def x_of(year: float) -> float:
        return round(left + (year - first) * (right - left) / (last - first), 1)

    return x_of, (left - 20, right + 20)


def render(lanes: list[tuple[Lane, list[Group]]], fonts: Fonts, pad_years: float) -> Image.Image:
    years = [g.year for _, groups in lanes for g in groups]
    x_of, x_range = year_scale(years, pad_years)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    taken: list[Box] = []
    for lane, groups in lanes:
        draw_lane(draw, fonts, lane, place(fonts, groups, lane, x_of, taken), x_range)
    return image


def save(image: Image.Image, path: Path) -> int:
    """Save as a small palette PNG, without metadata, so the bytes depend only on the pixels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    small = image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def check_design() -> None:
    for name, colour in (("text", INK), ("marker", MARKER)):
        ratio = contrast(colour, BACKGROUND)
        if ratio < MIN_CONTRAST:
            raise SystemExit(f"make_sample_images: {name} contrast {ratio:.1f}:1 < {MIN_CONTRAST}:1")
    if min(ABBR_SIZE, YEAR_SIZE) < MIN_TEXT_SIZE:
        raise SystemExit(f"make_sample_images: text smaller than {MIN_TEXT_SIZE} px")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="the exhibition folder (default: content/ in this repository)")
    parser.add_argument("--fonts", type=Path, default=FONT_DIR, help="folder with Noto Sans")
    args = parser.parse_args(argv)
    check_design()
    fonts = Fonts(args.fonts)
    facts = load_facts(args.content)
    items = args.content / "items"

    un = render([(Lane(y=450, sides=(-1, 1), filled=True), adoption_groups(facts))],
                fonts, pad_years=3)
    signed, joined = viet_nam_groups(facts)
    vn = render([(Lane(y=360, sides=(-1,), filled=False, radius=15), signed),
                 (Lane(y=470, sides=(1,), filled=True, radius=15), joined)], fonts, pad_years=2)
    for image, item in ((un, "timeline-un"), (vn, "timeline-vn")):
        path = items / item / "timeline.png"
        size = save(image, path)
        print(f"{path.relative_to(args.content.parent)}: {size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
