"""A visitor walks up to a kiosk that wears its museum's look (site.yaml `look:`): the logo on
the attract screen, the exhibition's name in the museum's colour, its accent on the tiles
without a picture; and `kiosk audit` still passes in both palettes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.a11y.audit import Walk, run_audit
from kiosk.ui.palettes import rgba
from tests.look_fixture import content_with_look

pytestmark = pytest.mark.app


@pytest.fixture(scope="module")
def look_catalog(tmp_path_factory):
    from kiosk.catalog.build import build_catalog

    folder = tmp_path_factory.mktemp("look")
    content = content_with_look(folder)
    build_catalog(content, folder / "catalog.db")
    return folder / "catalog.db"


def test_visitor_sees_the_logo_and_the_museums_colours(kiosk, look_catalog):
    from kiosk.a11y.cli import site_look_failures

    assert site_look_failures(look_catalog) == []
    with kiosk.showing(look_catalog):
        attract = kiosk.screen
        kiosk.wait_until(lambda: attract.ids.attract_logo.texture is not None, what="the logo")
        assert attract.logo_alt == "Biểu trưng của bảo tàng"
        assert tuple(attract.ids.attract_title.color) == rgba("#2E6B4F")
        kiosk.screenshot("look-museum-attract")
        kiosk.app.set_preferences(palette="high_contrast")
        kiosk.frames(3)
        assert tuple(attract.ids.attract_title.color) == rgba("#7FD6A8")
        assert tuple(kiosk.app.theme.accent) == rgba("#777777")
        kiosk.screenshot("look-museum-attract-high-contrast")
        kiosk.app.set_preferences(palette="standard")
        report = run_audit(kiosk.app, Walk(languages=("vi",), text_scales=(1.0,),
                                           every_item_first=False))
        assert report.violations == [], "\n".join(report.lines())
    assert tuple(kiosk.app.theme.accent) == rgba("#1F6B5A"), "the next catalog's own look"


def test_visitor_sees_the_sample_exhibitions_own_look(kiosk, catalog):
    """The shipped sample wears a look of its own (tools/make_sample_logo.py), and `kiosk
    audit`'s colour rules pass on it."""
    from kiosk.a11y.cli import site_look_failures

    assert site_look_failures(Path(catalog.path)) == []
    attract = kiosk.screen
    kiosk.wait_until(lambda: attract.ids.attract_logo.texture is not None, what="the logo")
    assert attract.logo_alt == "Biểu trưng của triển lãm"
    assert attract.ids.attract_logo.spoken_name() == "Biểu trưng của triển lãm"
    assert tuple(attract.ids.attract_title.color) == rgba("#1F5A4C")
    assert tuple(kiosk.app.theme.accent) == rgba("#1F6B5A")
