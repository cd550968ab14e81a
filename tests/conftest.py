"""Shared fixtures: a small exhibition a test can break in its own temp folder."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = REPO / "content"
UDHR_CORPUS = REPO.parent / "shared" / "corpus" / "udhr"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def small_exhibition(tmp_path: Path) -> Path:
    """A complete, valid exhibition with one item of every kind."""
    root = tmp_path / "content"
    write(root / "site.yaml", """
        title: {vi: Triển lãm thử, en: Test exhibition, fr: Exposition d'essai}
        languages: [vi, en, fr]
        default_language: vi
        idle_timeout_seconds: 60
        edition: 3
    """)
    write(root / "items/main/item.yaml", """
        kind: section
        order: 1
        items: [crc, letter, photo]
    """)
    for lang, title in (("vi", "Chính"), ("en", "Main"), ("fr", "Principal")):
        write(root / f"items/main/{lang}.md", f"---\ntitle: {title}\n---\n")
    write(root / "items/crc/item.yaml", """
        kind: treaty
        abbreviation: CRC
        adopted: 1989-11-20
        entry_into_force: 1990-09-02
        articles: 54
        monitoring_body: Committee on the Rights of the Child (CRC)
        viet_nam: {action: ratification, signed: 1990-01-26, date: 1990-02-28}
        sources:
          - title: United Nations Treaty Collection
            url: https://treaties.un.org
    """)
    write(root / "items/crc/vi.md", """
        ---
        title: Công ước về quyền trẻ em
        ---
        Công ước bảo vệ **quyền** của trẻ em. Việt Nam phê chuẩn năm 1990.
    """)
    write(root / "items/crc/en.md", """
        ---
        title: Convention on the Rights of the Child
        ---
        The Convention protects the rights of children [b]not markup[/b].
    """)
    write(root / "items/crc/fr.md", """
        ---
        title: Convention relative aux droits de l'enfant
        ---
        La Convention protège les droits de l'enfant.
    """)
    write(root / "items/letter/item.yaml", """
        kind: document
        credit: Test archive
        pages:
          - id: page-1
          - id: page-2
    """)
    write(root / "items/letter/vi.md", """
        ---
        title: Bức thư
        ---
        Lời giới thiệu.

        <!-- page: page-1 -->
        ## Trang một
        Dân tộc Việt Nam có quyền tự do.

        <!-- page: page-2 -->
        ## Trang hai
        Đường dài.
    """)
    write(root / "items/letter/km.md", """
        ---
        title: សំបុត្រ
        ---
        <!-- page: page-1 -->
        មនុស្សទាំងអស់កើតមកមានសេរីភាព
    """)
    make_png(root / "items/photo/photo.png")
    write(root / "items/photo/item.yaml", """
        kind: image
        file: photo.png
        credit: Test photographer
        licence: CC BY 4.0
    """)
    for lang in ("vi", "en", "fr"):
        write(root / f"items/photo/{lang}.md", f"---\ntitle: Photo {lang}\nalt: A red square ({lang})\n---\n")
    return root


def make_png(path: Path, size=(64, 48), color=(200, 30, 30)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)
    return path


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped sample exhibition, safe to break."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def sample_catalog(tmp_path_factory) -> Path:
    """The shipped sample exhibition, built once for the whole test run."""
    from kiosk.catalog.build import build_catalog

    out = tmp_path_factory.mktemp("sample-catalog") / "catalog.db"
    return build_catalog(SAMPLE_CONTENT, out).catalog
