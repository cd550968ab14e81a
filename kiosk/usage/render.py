"""Formatting a suppressed report as plain text, CSV or JSON (HTML is in html.py).

Formatting only: every number here has already been through kiosk.usage.suppress. Hidden
cells print as "<5" (too few sessions) or "hidden" (would let a "<5" be worked out); a table
withheld whole prints as "withheld"; JSON has null for all three.
"""

from __future__ import annotations

import csv
import io
import json

from kiosk.usage.suppress import Hidden

TOP_ITEMS = 20

SUPPRESSION_NOTE = (
    "Figures backed by fewer than {k} sessions are shown as <{k}. Where cells add up to a "
    "total that is shown, more cells are hidden (\"hidden\", each at least {k}) so that no "
    "<{k} can be worked out by subtraction; a table that cannot be protected that way is "
    "withheld. Search terms used in fewer than {k} sessions are not listed.")


def cell(value: object, threshold: int) -> str:
    if isinstance(value, Hidden):
        return value.label(threshold)
    if value is None:
        return "-"
    return str(value)


def to_json(report: dict) -> str:
    return json.dumps(report, default=lambda _hidden: None, ensure_ascii=False, indent=2)


def rows(report: dict):
    """The report as (figure, key, measure, value) rows: the CSV, and the text's source."""
    k = report["threshold"]
    sessions = report["sessions"]
    yield "sessions", "all", "sessions", cell(sessions["count"], k)
    yield "sessions", "all", "median_length", cell(sessions["median_length"], k)
    for figure, name in (("sessions_per_hour", "per_hour"), ("session_length", "length"),
                         ("session_end", "end_reason")):
        yield from _table(figure, sessions[name], "sessions", k)
    yield from _table("languages", report["languages"], "sessions", k)
    for item in report["items"]:
        for measure in ("views", "sessions", "median_dwell"):
            yield "items", item["item_id"], measure, cell(item[measure], k)
        for bucket, value in (item["dwell"] or {}).items():
            yield "item_dwell", item["item_id"], bucket, cell(value, k)
        for page, value in (item["pages"] or {}).items():
            yield "item_pages", item["item_id"], f"page {page}", cell(value, k)
    for name, figures in report["features"].items():
        for measure in ("sessions", "uses"):
            yield "features", name, measure, cell(figures[measure], k)
    searches = report["searches"]
    for measure in ("count", "found", "not_found"):
        yield "searches", "all", measure, cell(searches[measure], k)
    for term in searches["top_terms"]:
        for measure in ("searches", "sessions"):
            yield "search_terms", term["term"], measure, str(term[measure])


def _table(figure: str, table: dict | None, measure: str, k: int):
    if table is None:
        yield figure, "", "withheld", "withheld"
        return
    for key, value in table.items():
        yield figure, str(key), measure, cell(value, k)


def to_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "key", "measure", "value"])
    writer.writerows(rows(report))
    return out.getvalue()


def to_text(report: dict, source: str) -> str:
    k = report["threshold"]
    s = report["sessions"]
    since = f", sessions since {report['since']}" if report["since"] else ""
    lines = [f"Usage figures from {source} ({report['site_files']} site file(s){since})",
             "", f"Sessions             {cell(s['count'], k)}",
             f"Median length        {cell(s['median_length'], k)}"]
    if s["per_hour"] is None:
        lines.append("Sessions by hour     withheld")
    else:
        busy = [(h, v) for h, v in s["per_hour"].items() if v != 0]
        lines.append("Sessions by hour     " + (", ".join(
            f"{h:02d}:00 {cell(v, k)}" for h, v in busy) or "-"))
    for title, table in (("Session length", s["length"]), ("Session ended by", s["end_reason"]),
                         ("Languages (sessions)", report["languages"])):
        lines += ["", title] + _two_columns(table, k)
    lines += ["", f"{f'Items (top {TOP_ITEMS})':<26}{'views':>6}{'sessions':>10}  median dwell"]
    for item in report["items"][:TOP_ITEMS]:
        lines.append(f"  {item['item_id']:<24}{cell(item['views'], k):>6}"
                     f"{cell(item['sessions'], k):>10}  {cell(item['median_dwell'], k)}")
    if len(report["items"]) > TOP_ITEMS:
        lines.append(f"  ... {len(report['items']) - TOP_ITEMS} more (see --csv or --json)")
    lines += ["", f"{'Accessibility features':<26}{'sessions':>10}{'uses':>6}"]
    for name, figures in report["features"].items():
        lines.append(f"  {name:<24}{cell(figures['sessions'], k):>10}"
                     f"{cell(figures['uses'], k):>6}")
    searches = report["searches"]
    lines += ["", f"Searches             {cell(searches['count'], k)} "
                  f"(found something: {cell(searches['found'], k)}, "
                  f"nothing: {cell(searches['not_found'], k)})"]
    if searches["top_terms"]:
        lines.append("Top search terms     " + ", ".join(
            f"{t['term']} {t['searches']}" for t in searches["top_terms"]))
    lines += ["", SUPPRESSION_NOTE.format(k=k)]
    return "\n".join(lines)


def _two_columns(table: dict | None, k: int) -> list[str]:
    if table is None:
        return ["  withheld"]
    return [f"  {key!s:<24}{cell(value, k):>10}" for key, value in table.items()] or ["  -"]
