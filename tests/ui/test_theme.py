"""The palette keeps text readable in glare: every text colour pair at least 7:1."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import TEXT_PAIRS, Theme, contrast_ratio


@pytest.mark.parametrize("name", sorted(TEXT_PAIRS))
def test_text_contrast_is_at_least_7_to_1(name):
    foreground, background = TEXT_PAIRS[name]
    assert contrast_ratio(foreground, background) >= 7.0


def test_sizes_at_1080p_are_large_enough_to_read_and_touch():
    theme = Theme()
    theme.fit_window(1920, 1080)
    assert theme.body >= 28
    assert theme.target >= 90
    assert theme.gap >= 16
