"""`kiosk stats --html`: one self-contained page with inline SVG bar charts.

No script, no web font, no external file: it opens offline on any machine, prints, and reads
aloud (each chart is an image with a text alternative, followed by a table with the same
numbers). Black on white with dark blue bars (contrast above 7:1). Hidden cells get no bar,
only their marker ("<5", "hidden"), so the page cannot show a number the text report hides.
"""

from __future__ import annotations

from html import escape

from kiosk.usage.render import SUPPRESSION_NOTE, cell
from kiosk.usage.suppress import Hidden

BAR = "#0b3d91"
TOP = 15

STYLE = """
body { font: 18px/1.5 system-ui, sans-serif; color: #000; background: #fff; max-width: 60em;
       margin: 1em auto; padding: 0 1em; }
h1, h2 { line-height: 1.2; } figure { margin: 1.5em 0; } figcaption { font-weight: bold; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #000; padding: .2em .6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { border: 2px solid #000; padding: .5em 1em; }
svg { max-width: 100%; height: auto; } svg text { font: 14px system-ui, sans-serif; fill: #000; }
"""


def to_html(report: dict, source: str) -> str:
    k = report["threshold"]
    s = report["sessions"]
    since = f" for sessions since {escape(report['since'])}" if report["since"] else ""
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>Kiosk usage figures</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Kiosk usage figures</h1>",
        f"<p>From {escape(source)} ({report['site_files']} site file(s)){since}.</p>",
        f'<p class="note">{escape(SUPPRESSION_NOTE.format(k=k))}</p>',
        "<h2>Sessions</h2>",
        _table(["Figure", "Value"], [("Sessions", cell(s["count"], k)),
                                     ("Median length", cell(s["median_length"], k))]),
    ]
    if s["per_hour"] is None:
        parts.append("<p>Sessions by hour of day: withheld (too few sessions to show safely)."
                     "</p>")
    else:
        hours = [(f"{h:02d}", v) for h, v in s["per_hour"].items()]
        parts.append(_figure("Sessions by hour of day", _columns(hours, k),
                             ["Hour", "Sessions"], [(f"{h}:00", v) for h, v in hours
                                                    if v != 0], k))
    for title, table in (("Session length", s["length"]), ("Session ended by", s["end_reason"])):
        parts.append(f"<h3>{title}</h3>" + (
            "<p>withheld</p>" if table is None else
            _table([title, "Sessions"], [(key, cell(v, k)) for key, v in table.items()])))
    parts.append("<h2>Items</h2>")
    items = [(i["item_id"], i["views"]) for i in report["items"][:TOP]]
    parts.append(_figure(f"Most viewed items (top {TOP}, views)", _bars(items, k),
                         ["Item", "Views", "Sessions", "Median dwell"],
                         [(i["item_id"], i["views"], i["sessions"], i["median_dwell"])
                          for i in report["items"]], k))
    parts.append("<h2>Languages</h2>")
    if report["languages"] is None:
        parts.append("<p>Languages: withheld (too few sessions to show safely).</p>")
    else:
        languages = list(report["languages"].items())
        parts.append(_figure("Sessions by language", _bars(languages, k),
                             ["Language", "Sessions"], languages, k))
    parts.append("<h2>Accessibility features</h2>")
    features = [(name, f["sessions"]) for name, f in report["features"].items()]
    parts.append(_figure("Sessions using each feature", _bars(features, k),
                         ["Feature", "Sessions", "Uses"],
                         [(name, f["sessions"], f["uses"])
                          for name, f in report["features"].items()], k))
    searches = report["searches"]
    parts += ["<h2>Searches</h2>", _table(["Searches", "Number"], [
        ("All searches", cell(searches["count"], k)),
        ("Found something", cell(searches["found"], k)),
        ("Found nothing", cell(searches["not_found"], k))])]
    if searches["top_terms"]:
        parts.append(_table(["Search term", "Searches", "Sessions"], [
            (t["term"], t["searches"], t["sessions"]) for t in searches["top_terms"]]))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figure(caption: str, svg: str, headers: list[str], rows: list[tuple], k: int) -> str:
    if not rows:
        return f"<p>{escape(caption)}: none.</p>"
    shown = [(row[0], *(cell(v, k) for v in row[1:])) for row in rows]
    return (f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"
            + _table(headers, shown))


def _table(headers: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + f"<th scope=\"row\">{escape(str(row[0]))}</th>"
        + "".join(f'<td class="n">{escape(str(v))}</td>' for v in row[1:]) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scale(values: list) -> float:
    return max([v for v in values if isinstance(v, int)] + [1])


def _bars(rows: list[tuple[str, object]], k: int) -> str:
    """Horizontal bars, one per row; a hidden value gets its marker and no bar."""
    if not rows:
        return ""
    label_w, bar_w, row_h = 200, 440, 30
    top = _scale([v for _, v in rows])
    height = row_h * len(rows) + 10
    texts = [f"{label}: {cell(value, k)}" for label, value in rows]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 80}" '
           f'height="{height}" viewBox="0 0 {label_w + bar_w + 80} {height}">',
           f"<title>{escape('; '.join(texts))}</title>"]
    for n, (label, value) in enumerate(rows):
        y = 5 + n * row_h
        name = str(label) if len(str(label)) <= 24 else str(label)[:23] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end">{escape(name)}</text>')
        width = 0 if isinstance(value, Hidden) else round(bar_w * value / top)
        if width:
            out.append(f'<rect x="{label_w}" y="{y + 4}" width="{width}" height="{row_h - 8}" '
                       f'fill="{BAR}"/>')
        out.append(f'<text x="{label_w + width + 6}" y="{y + 20}">{escape(cell(value, k))}</text>')
    out.append("</svg>")
    return "".join(out)


def _columns(rows: list[tuple[str, object]], k: int) -> str:
    """Vertical bars for the 24 hours of the day."""
    col_w, plot_h, base = 30, 160, 190
    top = _scale([v for _, v in rows])
    width = col_w * len(rows) + 20
    busy = [f"{label}:00 {cell(v, k)}" for label, v in rows if v != 0]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="215" '
           f'viewBox="0 0 {width} 215">',
           f"<title>{escape('Sessions by hour: ' + ('; '.join(busy) or 'none'))}</title>",
           f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#000"/>']
    for n, (label, value) in enumerate(rows):
        x = 10 + n * col_w
        height = 0 if isinstance(value, Hidden) else round(plot_h * value / top)
        if height:
            out.append(f'<rect x="{x + 4}" y="{base - height}" width="{col_w - 8}" '
                       f'height="{height}" fill="{BAR}"/>')
        if value != 0:
            out.append(f'<text x="{x + col_w / 2}" y="{base - height - 5}" '
                       f'text-anchor="middle">{escape(cell(value, k))}</text>')
        out.append(f'<text x="{x + col_w / 2}" y="{base + 18}" text-anchor="middle">'
                   f"{label}</text>")
    out.append("</svg>")
    return "".join(out)
