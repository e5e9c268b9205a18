"""Writing documents: contract JSON, JSON Lines, and a readable terminal summary."""

from __future__ import annotations

import json
from typing import IO, Any

from .records import Document, Failure


def to_json(doc: Document, indent: int | None = 2) -> str:
    return json.dumps(doc.to_contract(), ensure_ascii=False, indent=indent)


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    extra = "/".join(x for x in (a.get("country"), a.get("sector")) if x)
    return f"{a['name']} ({extra})" if extra else a["name"]


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(doc: Document) -> str:
    """A readable summary: title, date, events table, quotes, places."""
    c = doc.to_contract()
    art = c["article"]
    lines = [
        f"# {art['title'] or '(no title)'}",
        f"id {c['id']}   published {art['published'] or 'unknown'}"
        + (f" (from {art['published_source']})" if art["published_source"] else "")
        + (f"   {art['url']}" if art["url"] else ""),
        f"{len(c['text'])} characters of text; removed {len(c['removed'])} scraped leftover(s)",
        "",
        f"Events ({len(c['events'])})",
    ]
    if c["events"]:
        lines.append(f"  {'date':<12} {'type':<10} {'modality':<12} {'source':<32} {'target':<32} place")
        for e in c["events"]:
            date = e["date"]["start"] or (f"<{e['date']['end']}" if e["date"]["end"] else "-")
            place = (e["location"] or {}).get("name") or "-"
            lines.append(
                f"  {date:<12} {e['type']:<10} {e['modality']:<12} "
                f"{_cut(_actor(e['source']), 32):<32} {_cut(_actor(e['target']), 32):<32} {place}"
            )
            lines.append(f"  {'':<12} “{_cut(e['evidence']['sentence'], 100)}”")
    else:
        lines.append("  (none)")
    lines += ["", f"Quotes ({len(c['quotes'])})"]
    for q in c["quotes"]:
        who = _actor(q["speaker"]) if q["speaker"] else "(no speaker)"
        lines.append(f"  {who}: “{_cut(q['text'], 90)}”" + (f" [{q['cue']}]" if q["cue"] else ""))
    if not c["quotes"]:
        lines.append("  (none)")
    lines += ["", f"Times ({len(c['times'])})"]
    lines.append(
        "  " + ", ".join(f"{t['text']} = {t['value']}" for t in c["times"]) if c["times"] else "  (none)"
    )
    places = sorted({(p["name"], p["country"] or "") for p in c["places"]})
    lines += ["", f"Places ({len(places)})"]
    lines.append("  " + ", ".join(f"{n} ({cc})" if cc else n for n, cc in places) if places else "  (none)")
    return "\n".join(lines) + "\n"


def write_document(doc: Document, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        out.write(to_json(doc) + "\n")
    elif fmt == "jsonl":
        out.write(to_json(doc, indent=None) + "\n")
    else:
        out.write(summary(doc) + "\n")


def failure_line(failure: Failure) -> str:
    """One line for a failed article: where it came from, its id, the stage and why."""
    where = failure.origin or failure.id
    if failure.origin and failure.id not in failure.origin:
        where = f"{failure.origin} (id {failure.id})"
    return f"eventwire: error [{failure.stage}] {where}: {failure.reason}"
