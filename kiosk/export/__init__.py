"""The exhibition beyond the kiosk: the same catalog as a static website and as EPUB books.

`site.py` writes the website (plain HTML and CSS, relative links, its own fonts and an offline
search), `epub.py` the books, `serve.py` serves an exported site read-only from the kiosk.
Everything is read through `kiosk.catalog.read.Catalog`, as the kiosk's screens read it, so the
visitor meets the same texts on the screen, on the phone and in the book. See docs/export.md.
"""
