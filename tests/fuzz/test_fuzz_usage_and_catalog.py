"""A manager's usage files from other kiosks and a technician's catalog after a bad copy: any
damage gives the one-line UsageDbError naming the file, or a damage line; nothing raises."""

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog.integrity import damage
from kiosk.usage import schema
from kiosk.usage.validate import check_usage_file

FLIPS = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=8)


@pytest.fixture(scope="module")
def usage_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("usage") / "usage.db"
    conn, _ = schema.connect(path, create_missing=True)
    conn.commit()
    conn.close()
    check_usage_file(path)  # the genuine file passes
    return path.read_bytes()


def _damaged(original: bytes, flips, cut) -> bytes:
    data = bytearray(original)
    for at, value in flips:
        data[at % len(data)] = value
    return bytes(data[:cut]) if cut is not None else bytes(data)


@given(flips=FLIPS, cut=st.one_of(st.none(), st.integers(0, 70_000)))
def test_manager_damaged_usage_files_are_refused_in_one_line(tmp_path_factory, usage_bytes,
                                                               flips, cut):
    path = tmp_path_factory.mktemp("in") / "kiosk-2.db"
    path.write_bytes(_damaged(usage_bytes, flips, cut))
    try:
        check_usage_file(path)
    except schema.UsageDbError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)


@given(data=st.binary(max_size=600))
def test_manager_any_bytes_as_a_usage_file_are_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("in") / "kiosk-3.db"
    path.write_bytes(data)
    with pytest.raises(schema.UsageDbError):
        check_usage_file(path)


@pytest.fixture(scope="module")
def catalog_bytes(tmp_path_factory) -> bytes:
    sample = Path(__file__).resolve().parents[2] / "build" / "catalog.db"
    if not sample.exists():
        from kiosk.catalog.build import build_catalog

        sample = tmp_path_factory.mktemp("cat") / "catalog.db"
        build_catalog(Path(__file__).resolve().parents[2] / "content", sample)
    return sample.read_bytes()


@given(flips=FLIPS, cut=st.one_of(st.none(), st.integers(0, 2**22)))
def test_technician_damaged_catalog_gives_a_line_not_a_crash(tmp_path_factory, catalog_bytes,
                                                             flips, cut):
    path = tmp_path_factory.mktemp("cat") / "catalog.db"
    path.write_bytes(_damaged(catalog_bytes, flips, cut))
    try:
        found = damage(path)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - a defect the fuzzer reports
        raise AssertionError(f"damage() raised {exc!r}") from exc
    assert found is None or ("\n" not in found and found)
