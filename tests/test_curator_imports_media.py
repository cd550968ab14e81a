"""A curator imports a PDF as a document and a folder of photos as image items.

The PDFs are written byte by byte here (a few objects, Helvetica text, an Info dictionary and,
for one, real RC4 encryption with a user password), so the test needs no PDF library of its
own; the photos carry EXIF and IPTC metadata written the way cameras and agencies write it.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import yaml
from click.testing import CliRunner
from PIL import Image

from kiosk.catalog.build import build_catalog
from kiosk.catalog.read import Catalog
from kiosk.cli import main
from kiosk.content.checks import check_exhibition
from kiosk.importers.cli import IMPORT_COMMANDS, import_images, import_pdf
from tests.conftest import write

PAGES = [["Page one: All human beings are born free and equal in dignity",
          "and rights. They are endowed with reason and conscience."],
         ["Page two keeps *stars*, _underscores_ and [brackets] as typed."],
         ["Page three: 1. this is not a list"]]
_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_pdf(path: Path, pages: list[list[str]], info: dict | None = None,
             user_password: str | None = None) -> Path:
    """A PDF with one A4 page per list of lines; optionally RC4-40 encrypted (revision 2)."""
    file_id = hashlib.md5(path.name.encode()).digest()
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                  b"/Encoding /WinAnsiEncoding >>"}
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    key, trailer = None, b""
    if user_password is not None:
        padded = (user_password.encode() + _PAD)[:32]
        owner = _rc4(hashlib.md5(b"owner" + _PAD[:27]).digest()[:5], padded)
        key = hashlib.md5(padded + owner + struct.pack("<i", -4) + file_id).digest()[:5]
        number = 4 + 2 * len(pages)
        objects[number] = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
            owner.hex().encode(), _rc4(key, _PAD).hex().encode())
        trailer += b" /Encrypt %d 0 R" % number

    def crypt(number: int, data: bytes) -> bytes:
        if key is None:
            return data
        return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)

    for index, lines in enumerate(pages):
        page, content = 4 + 2 * index, 5 + 2 * index
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                         b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        shown = b" ".join(b"<%s> '" % line.encode("cp1252").hex().encode() for line in lines)
        stream = crypt(content, b"BT /F1 12 Tf 72 770 Td 16 TL " + shown + b" ET")
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    if info:
        number = max(objects) + 1
        objects[number] = b"<< %s >>" % b" ".join(
            b"/%s <%s>" % (k.encode(), crypt(number, v.encode("cp1252")).hex().encode())
            for k, v in info.items())
        trailer += b" /Info %d 0 R" % number
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, trailer, file_id.hex().encode(), file_id.hex().encode(), xref)
    path.write_bytes(bytes(out))
    return path


def invoke(command, *args: str):
    return CliRunner().invoke(command, [str(a) for a in args])


def untouched(content: Path, before: set[str]) -> bool:
    return {str(p.relative_to(content)) for p in content.rglob("*")} == before


def test_a_pdf_becomes_a_document_with_page_images_and_transcript(small_exhibition, tmp_path):
    pdf = make_pdf(tmp_path / "charter.pdf", PAGES,
                   {"Title": "Charter of Rights", "Author": "Archive of Test"})
    result = invoke(import_pdf, pdf, "--into", small_exhibition, "--id", "charter",
                    "--lang", "en", "--dpi", "50")
    assert result.exit_code == 0, result.output
    assert "imported 3 page(s) of charter.pdf" in result.output
    folder = small_exhibition / "items" / "charter"
    assert sorted(p.name for p in folder.iterdir()) == [
        "en.md", "item.yaml", "page-001.png", "page-002.png", "page-003.png"]
    with Image.open(folder / "page-001.png") as page:
        assert page.size == (414, 585)  # A4 (595 x 842 pt) at 50 dpi, rounded up
    meta = yaml.safe_load((folder / "item.yaml").read_text())
    assert meta == {"kind": "document", "credit": "Archive of Test",
                    "source": {"title": "Charter of Rights"},
                    "pages": [{"id": f"page-00{n}", "image": f"page-00{n}.png"} for n in (1, 2, 3)]}
    text = (folder / "en.md").read_text()
    assert text.startswith("---\ntitle: Charter of Rights\n---\n<!-- page: page-001 -->\n")
    assert ("All human beings are born free and equal in dignity and rights. "
            "They are endowed with reason and conscience.") in text
    assert r"keeps \*stars\*, \_underscores\_ and \[brackets\] as typed." in text
    assert "<!-- page: page-003 -->\nPage three: 1. this is not a list" in text
    write(small_exhibition / "items/main/item.yaml",
          "kind: section\norder: 1\nitems: [crc, letter, photo, charter]\n")
    _, problems = check_exhibition(small_exhibition)
    assert not problems.errors, [p.format() for p in problems.errors]
    catalog = Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog)
    document = catalog.document("charter", "en")
    assert document.title == "Charter of Rights" and document.credit == "Archive of Test"
    assert len(document.pages) == 3
    assert all(page.image and Path(page.image).is_file() for page in document.pages)
    assert "*stars*, _underscores_ and [brackets]" in document.pages[1].text[0].text
    assert catalog.search("endowed with reason", "en")[0].item_id == "charter"


def test_without_metadata_the_file_name_is_title_and_the_credit_asks_for_editing(tmp_path):
    content = tmp_path / "content"
    pdf = make_pdf(tmp_path / "Letter 1948.pdf", [["Dear friends,"], []])
    result = invoke(import_pdf, pdf, "--into", content, "--id", "letter-1948", "--lang", "vi",
                    "--dpi", "36", "--format", "jpg")
    assert result.exit_code == 0, result.output
    assert "1 page(s) have no text layer (scans?): page-002" in result.output
    folder = content / "items" / "letter-1948"
    meta = yaml.safe_load((folder / "item.yaml").read_text())
    assert meta["credit"] == "Imported from Letter 1948.pdf — edit this credit"
    assert meta["source"] == {"title": "Letter 1948.pdf"}
    assert meta["pages"][1] == {"id": "page-002", "image": "page-002.jpg"}
    text = (folder / "vi.md").read_text()
    assert text.startswith("---\ntitle: Letter 1948\n---\n") and "page-002 -->" not in text
    # An existing item is kept unless the curator asks to replace it.
    result = invoke(import_pdf, pdf, "--into", content, "--id", "letter-1948", "--lang", "vi",
                    "--title", "A letter")
    assert result.exit_code == 1 and "already exists; choose another --id, or use --replace" \
        in result.output
    assert (folder / "page-001.jpg").exists()
    result = invoke(import_pdf, pdf, "--into", content, "--id", "letter-1948", "--lang", "vi",
                    "--title", "A letter", "--dpi", "36", "--replace")
    assert result.exit_code == 0, result.output
    assert (folder / "vi.md").read_text().startswith("---\ntitle: A letter\n")
    assert not (folder / "page-001.jpg").exists()
    assert sorted(p.name for p in content.iterdir()) == ["items"]  # no staging left behind


def test_encrypted_and_broken_pdfs_are_refused_and_nothing_is_written(small_exhibition, tmp_path):
    import pypdfium2

    locked = make_pdf(tmp_path / "locked.pdf", PAGES, {"Title": "Secret"}, user_password="secret")
    with pypdfium2.PdfDocument(locked, password="secret") as opened:  # really encrypted
        assert "born free" in opened[0].get_textpage().get_text_range()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(tmp_path / "ok.pdf", PAGES).read_bytes()[:300])
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\nthis is no PDF at all\n")
    before = {str(p.relative_to(small_exhibition)) for p in small_exhibition.rglob("*")}
    for path, message in ((locked, "locked.pdf is protected by a password; save an "
                                   "unprotected copy and import that"),
                          (broken, "broken.pdf is not a PDF or is damaged"),
                          (garbage, "garbage.pdf is not a PDF or is damaged"),
                          (tmp_path / "missing.pdf", "missing.pdf: no such file")):
        result = invoke(import_pdf, path, "--into", small_exhibition, "--id", "doc",
                        "--lang", "en")
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines() == [f"Error: {message}"] or \
            message in result.output, result.output
        assert untouched(small_exhibition, before)
    result = invoke(import_pdf, locked, "--into", small_exhibition, "--id", "Not An Id",
                    "--lang", "en")
    assert result.exit_code == 1 and "is not a valid id" in result.output


def iptc_app13(fields: dict[tuple[int, int], str]) -> bytes:
    """An APP13 'Photoshop 3.0' segment with an IPTC-IIM block, as agencies' software writes."""
    iim = b"\x1c\x01\x5a\x00\x03\x1b%G"  # 1:90 coded character set: UTF-8
    for (record, dataset), value in fields.items():
        data = value.encode("utf-8")
        iim += struct.pack(">BBBH", 0x1C, record, dataset, len(data)) + data
    if len(iim) % 2:
        iim += b"\0"
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iim)) + iim
    body = b"Photoshop 3.0\0" + block
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def photos(folder: Path) -> Path:
    folder.mkdir()
    with_exif = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = with_exif.getexif()
    # UTF-8 in EXIF's ASCII fields, as exiftool and most photo software write it.
    exif[0x013B], exif[0x8298] = "Nguyễn Văn A".encode(), "© 2019 Bảo tàng".encode()
    exif[0x010E] = "Hội trường Ba Đình, 1946".encode()
    with_exif.save(folder / "Ba Đình 1946.jpg", exif=exif)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(folder / "plain.jpg")
    data = (folder / "plain.jpg").read_bytes()
    (folder / "Agency photo.JPG").write_bytes(data[:2] + iptc_app13({
        (2, 80): "Jane Doe", (2, 110): "UN Photo", (2, 105): "Signing ceremony",
        (2, 120): "Delegates sign the Convention, 1989."}) + data[2:])
    Image.new("RGB", (40, 40), (0, 0, 0)).save(folder / "plain.png")  # same id as plain.jpg
    (folder / "notes.txt").write_text("not an image")
    (folder / "broken.jpg").write_bytes(data[:200])
    return folder


def test_a_folder_of_photos_becomes_image_items_awaiting_alt_text(small_exhibition, tmp_path):
    folder = photos(tmp_path / "incoming")
    result = invoke(import_images, folder, "--into", small_exhibition, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "skipped notes.txt: not a JPEG or PNG file" in result.output
    assert "skipped broken.jpg: broken.jpg is damaged" in result.output
    assert "imported 4 image(s)" in result.output
    assert "alt text is missing" in result.output and "write the alt text" in result.output
    items = small_exhibition / "items"
    meta = yaml.safe_load((items / "ba-dinh-1946" / "item.yaml").read_text())
    assert meta == {"kind": "image", "file": "ba-dinh-1946.jpg",
                    "credit": "Nguyễn Văn A; © 2019 Bảo tàng", "licence": "TODO: licence"}
    assert (items / "ba-dinh-1946" / "en.md").read_text() == \
        "---\ntitle: Hội trường Ba Đình, 1946\n---\n"
    agency = items / "agency-photo"
    assert yaml.safe_load((agency / "item.yaml").read_text())["credit"] == "Jane Doe; UN Photo"
    assert yaml.safe_load((agency / "en.md").read_text().split("---")[1]) == {
        "title": "Signing ceremony", "caption": "Delegates sign the Convention, 1989."}
    assert yaml.safe_load((items / "plain" / "item.yaml").read_text())["credit"] == "TODO: credit"
    assert (items / "plain-2" / "plain-2.png").is_file()
    assert (items / "plain" / "en.md").read_text() == "---\ntitle: plain\n---\n"
    # kiosk check now points at each new language file, where the alt text goes.
    check = CliRunner().invoke(main, ["check", str(small_exhibition)])
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines() if ": error: " in line]
    assert sorted(errors) == sorted(f"content/items/{i}/en.md:2: error: alt text is missing"
                                    for i in ("agency-photo", "ba-dinh-1946", "plain", "plain-2"))
    # Once the alt text is written, the exhibition builds.
    for item_id in ("agency-photo", "ba-dinh-1946", "plain", "plain-2"):
        path = items / item_id / "en.md"
        path.write_text(path.read_text().replace("---\n", "---\nalt: A photograph.\n", 1))
    _, problems = check_exhibition(small_exhibition)
    assert not problems.errors, [p.format() for p in problems.errors]
    assert Catalog(build_catalog(small_exhibition, tmp_path / "c.db").catalog).image(
        "agency-photo", "en").caption == "Delegates sign the Convention, 1989."
    # Importing the same folder again adds nothing.
    again = invoke(import_images, folder, "--into", small_exhibition, "--lang", "en")
    assert "imported 0 image(s)" in again.output
    assert "skipped plain.jpg: already imported as items/plain" in again.output


def test_the_commands_are_ready_for_the_import_group():
    assert [c.name for c in IMPORT_COMMANDS] == ["pdf", "images", "video"]
