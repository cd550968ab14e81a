"""Generate a realistic exhibition of N titles for benchmarks.

Titles in five languages (Vietnamese, English, French, Khmer, Thai), documents of 1-40 pages,
image items up to 8,000 px, treaties and sections: the same files a curator writes, so the
benchmarks exercise the real checker, builder and search. Deterministic for a given seed.

    python bench/make_catalog.py --titles 1000 --out bench/.data/content-1k
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

LANGS = ("vi", "en", "fr", "km", "th")
WORDS = {
    "vi": "quyền con người tự do bình đẳng dân tộc phẩm giá công ước điều khoản nhà nước "
          "trẻ em phụ nữ lao động giáo dục sức khỏe an sinh xã hội đường làng nước".split(),
    "en": "rights human freedom equality dignity convention article state children women "
          "work education health security society road village water".split(),
    "fr": "droits homme liberté égalité dignité convention article état enfants femmes "
          "travail éducation santé sécurité société route village eau".split(),
    "km": "សិទ្ធិ មនុស្ស សេរីភាព សមភាព សេចក្ដីថ្លៃថ្នូរ អនុសញ្ញា មាត្រា រដ្ឋ កុមារ ស្ត្រី "
          "ការងារ ការអប់រំ សុខភាព សន្តិសុខ សង្គម".split(),
    "th": "สิทธิ มนุษย์ เสรีภาพ ความเสมอภาค ศักดิ์ศรี อนุสัญญา ข้อ รัฐ เด็ก สตรี "
          "การงาน การศึกษา สุขภาพ ความมั่นคง สังคม".split(),
}
JOIN = {"km": "", "th": ""}  # written without spaces between words


def sentence(rng: random.Random, lang: str, n: int) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(n)]
    return JOIN.get(lang, " ").join(words) + ("។" if lang == "km" else ".")


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang, rng.randint(6, 18)) for _ in range(rng.randint(2, 5)))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_image(path: Path, rng: random.Random, side: int) -> None:
    width, height = side, int(side * rng.uniform(0.6, 1.0))
    image = Image.new("RGB", (width, height), (rng.randint(0, 255), 200, 180))
    draw = ImageDraw.Draw(image)
    for _ in range(20):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle((x, y, x + width // 8, y + height // 8), fill=(rng.randint(0, 255), 40, 90))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)


def make_item(root: Path, rng: random.Random, number: int, max_side: int = 8000) -> tuple[str, str]:
    kind = rng.choices(("treaty", "document", "image"), weights=(5, 3, 2))[0]
    item_id = f"{kind}-{number:05d}"
    folder = root / "items" / item_id
    if kind == "treaty":
        year = rng.randint(1948, 2020)
        write(folder / "item.yaml",
              f"kind: treaty\nabbreviation: T{number}\nadopted: {year}-12-10\n"
              f"monitoring_body: Committee {number}\n"
              "sources:\n  - title: United Nations Treaty Collection\n")
    elif kind == "document":
        pages = rng.randint(1, 40)
        write(folder / "item.yaml", "kind: document\ncredit: Generated for benchmarks\npages:\n"
              + "".join(f"  - id: p{n}\n" for n in range(pages)))
    else:
        side = min(max_side, 8000 if number % 250 == 0 else rng.choice((800, 1200, 1600)))
        make_image(folder / "image.jpg", rng, side)
        write(folder / "item.yaml", "kind: image\nfile: image.jpg\ncredit: Bench\nlicence: CC0\n")
    for lang in LANGS:
        title = sentence(rng, lang, rng.randint(3, 7)).rstrip(".។")
        front = f"---\ntitle: \"{title} {number}\"\n"
        if kind == "image":
            front += f"alt: \"{sentence(rng, lang, 8)}\"\n"
        front += "---\n"
        if kind == "document":
            body = "".join(f"\n<!-- page: p{n} -->\n## {n + 1}\n{paragraph(rng, lang)}\n"
                           for n in range(pages))
        else:
            body = "\n\n".join(paragraph(rng, lang) for _ in range(3))
        write(folder / f"{lang}.md", front + body + "\n")
    return item_id, kind


def make_exhibition(out: Path, titles: int, seed: int = 1, max_side: int = 8000) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    write(out / "site.yaml", "title: {vi: Bench, en: Bench, fr: Bench}\nlanguages: [vi, en, fr]\n"
          "default_language: vi\nidle_timeout_seconds: 90\nedition: 1\n")
    ids = [make_item(out, rng, n, max_side)[0] for n in range(titles)]
    per_section = 100
    for s in range(0, len(ids), per_section):
        members = ids[s : s + per_section]
        write(out / "items" / f"section-{s // per_section:03d}" / "item.yaml",
              f"kind: section\norder: {s // per_section}\nitems: [{', '.join(members)}]\n")
        for lang in LANGS:
            write(out / "items" / f"section-{s // per_section:03d}" / f"{lang}.md",
                  f"---\ntitle: Section {s // per_section} {lang}\n---\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-image-side", type=int, default=8000,
                        help="cap image size (the 10,000-title search bench needs no big images)")
    args = parser.parse_args()
    out = args.out or Path(__file__).parent / ".data" / f"content-{args.titles}"
    make_exhibition(out, args.titles, args.seed, args.max_image_side)
    print(out)


if __name__ == "__main__":
    main()
