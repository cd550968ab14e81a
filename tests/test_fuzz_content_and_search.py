"""Property-based fuzzing: whatever a curator's files or a visitor's query contain, the kiosk
answers with a clear problem or a correct result — never a crash, a traceback, or text that
Kivy would read as markup (`[b]`, `[ref=…]`, `[color=…]` in content stay as typed).

`KIOSK_FUZZ_EXAMPLES` raises the number of examples for a long run (bench/fuzz.py); the
properties that build a catalog per example take a fiftieth of it.
"""

from __future__ import annotations

import os
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.catalog.build import BuildError, build_catalog
from kiosk.catalog.read import Catalog
from kiosk.content.checks import check_exhibition
from kiosk.content.markdown import markdown_blocks
from kiosk.search.fold import fold, query_terms
from kiosk.search.query import make_snippet
from tests.conftest import write

LONG_RUN = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "0"))


def examples(default: int, slow: bool = False) -> int:
    """`default` examples, or the long run's number (a fiftieth of it for slow properties)."""
    if not LONG_RUN:
        return default
    return max(default, LONG_RUN // 50) if slow else max(default, LONG_RUN)


SETTINGS = settings(max_examples=examples(60, slow=True), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
ODD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
MARKUP = st.sampled_from(["[b]", "[/b]", "[ref=x]", "[color=ff0000]", "[size=99]", "[i]",
                          "&bl;", "\\", "*", "_", "#", "<!-- page: x -->", "---", ":", "- ",
                          "{", "}", "'", '"', "\t", "\n", "\r\n", "\x00", "\ufeff", "\u202e"])
FRAGMENT = st.one_of(ODD_TEXT, MARKUP, st.sampled_from(["title: x", "alt:", "kind: image",
                                                        "items: [", "pages:\n  - id: a"]))
MESSY = st.lists(FRAGMENT, max_size=12).map("".join)


@SETTINGS
@given(item_yaml=MESSY, language_file=MESSY)
def test_any_item_files_give_problems_or_a_clean_check(small_exhibition, item_yaml, language_file):
    write(small_exhibition / "items/fuzz/item.yaml", item_yaml)
    (small_exhibition / "items/fuzz/vi.md").write_text(language_file, encoding="utf-8",
                                                       errors="surrogatepass")
    exhibition, problems = check_exhibition(small_exhibition)
    for problem in problems:
        assert problem.path and problem.line >= 1 and problem.message
        assert "Traceback" not in problem.format()


@SETTINGS
@given(body=MESSY)
def test_any_summary_builds_and_reads_back_as_plain_text(small_exhibition, tmp_path_factory, body):
    write(small_exhibition / "items/crc/en.md", "---\ntitle: T\n---\n")
    (small_exhibition / "items/crc/en.md").write_text(
        "---\ntitle: T\n---\n" + body.replace("\x00", ""), encoding="utf-8", errors="surrogatepass")
    out = tmp_path_factory.mktemp("fuzz") / "c.db"
    try:
        build_catalog(small_exhibition, out)
    except BuildError as failure:
        assert all(p.is_error for p in failure.problems)
        return
    treaty = Catalog(out).treaty("crc", "en")
    # Kivy markup in content stays literal text: blocks never gain or lose brackets.
    shown = "".join(block.text for block in treaty.summary)
    assert shown.count("[") <= body.count("[")


@settings(max_examples=examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=string.printable + "Đđễềởạខ្មែរไทย漢字", max_size=30))
def test_any_query_searches_without_error(small_exhibition, tmp_path_factory, query):
    out = tmp_path_factory.mktemp("fuzzq") / "c.db"
    if not out.exists():
        build_catalog(small_exhibition, out)
    for hit in Catalog(out).search(query, "vi"):
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)


@settings(max_examples=examples(300), deadline=None)
@given(text=ODD_TEXT, word=st.text(min_size=1, max_size=8))
def test_snippets_always_point_inside_the_text(text, word):
    terms = query_terms(word)
    if not terms:
        return
    snippet, spans = make_snippet(text, terms)
    for start, end in spans:
        assert 0 <= start < end <= len(snippet)
        assert fold(snippet[start:end]).strip()


@settings(max_examples=examples(300), deadline=None)
@given(MESSY)
def test_markdown_never_fails(markdown):
    for block in markdown_blocks(markdown):
        assert block.kind in {"heading", "paragraph", "list_item"}
