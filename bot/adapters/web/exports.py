"""Exports of the register (art. 33(5) AVG): CSV and XLSX, and the event log as JSON lines.

The same functions serve the desk's download links and `python -m bot export`. Columns follow an
internal breach register (reference, dates, kind, data, people, assessment, decision with the AP
reference and reasons, informing the people, closing). Times are Dutch local time. Text that a
spreadsheet would read as a formula (starting with = + - @) is prefixed with an apostrophe.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import datetime

from aiohttp import web

from bot.adapters.web import words
from bot.adapters.web.app import the_desk
from bot.dates.formatting import local
from bot.handlers.datalek.assessment import DISCLAIMER
from bot.handlers.incidents.views import INFORMED_TEXT
from storage import desk
from storage.incidents import parse_iso

COLUMNS = [  # (header, how to get it from an incident row)
    ("Kenmerk", lambda r: r["ref"]),
    ("Jaar", lambda r: r["year"]),
    ("Status", lambda r: words.STATUS_SHORT.get(r["status"], r["status"])),
    ("Soort", lambda r: words.kind_label(r["kind"])),
    ("Gebeurd", lambda r: parse_iso(r["facts"].get("occurred_at"))),
    ("Ontdekt", lambda r: parse_iso(r["discovered_at"])),
    ("Gemeld in de chat", lambda r: parse_iso(r["created_at"])),
    ("Uiterlijk melden (72 uur)", lambda r: parse_iso(r["deadline"])),
    ("Afdeling", lambda r: r.get("department")),
    ("Omschrijving", lambda r: r["facts"].get("description")),
    ("Soorten gegevens", lambda r: words.categories_text(r["facts"].get("data_categories"))),
    ("Aantal betrokkenen", lambda r: words.subjects_text(r["facts"].get("subjects"))),
    ("Versleuteld", lambda r: words.YES_NO.get(r["facts"].get("encrypted"), "onbekend")),
    ("Ontvanger betrouwbaar", lambda r: words.YES_NO.get(r["facts"].get("recipient_trusted"), "onbekend")),
    ("Teruggehaald/verwijderd", lambda r: words.YES_NO.get(r["facts"].get("data_contained"), "onbekend")),
    ("Voorlopige inschatting", lambda r: words.RISK_LABEL.get(r["assessment"].get("risk"), "onbekend")),
    ("Redenen", lambda r: " | ".join(x for x in r["assessment"].get("reasons", []) if x != DISCLAIMER)),
    ("Gezien door", lambda r: r.get("acknowledged_by")),
    ("Gezien op", lambda r: parse_iso(r.get("acknowledged_at"))),
    ("Besluit", lambda r: words.DECISION_SHORT.get(r.get("decision"), r.get("decision"))),
    ("Besluit op", lambda r: parse_iso(r.get("decision_at"))),
    ("Besluit door", lambda r: r.get("decision_by")),
    ("AP-kenmerk", lambda r: r.get("ap_reference")),
    ("Reden vertraging", lambda r: r.get("delay_reason")),
    ("Reden niet meldplichtig", lambda r: r.get("not_reportable_reason")),
    ("Binnen 72 uur besloten", lambda r: None if not r.get("decision_at") else
     ("ja" if parse_iso(r["decision_at"]) <= parse_iso(r["deadline"]) else "nee")),
    ("Betrokkenen geïnformeerd", lambda r: INFORMED_TEXT.get(r.get("subjects_informed")) or None),
    ("Afgesloten op", lambda r: parse_iso(r.get("closed_at"))),
]
HEADERS = [name for name, _ in COLUMNS]


def safe_text(value: str) -> str:
    """Keep a spreadsheet from running text as a formula (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def records(store, **filters) -> list[list]:
    """One list of values per incident (oldest first), in the order of HEADERS."""
    _, rows = desk.register_page(store, limit=None, **filters)
    return [[get(row) for _, get in COLUMNS] for row in reversed(rows)]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local(value).strftime("%Y-%m-%d %H:%M")
    return safe_text(str(value))


def register_csv_text(store, **filters) -> str:
    """CSV with ';' between the fields (what a Dutch spreadsheet expects), UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for record in records(store, **filters):
        writer.writerow([_text(v) for v in record])
    return "\ufeff" + out.getvalue()


def register_xlsx_bytes(store, **filters) -> bytes:
    """One sheet 'Datalekregister': a bold header, dates as real dates (Dutch local time), long text wrapped."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # streams the rows: quick and lean for a register of thousands
    sheet = book.create_sheet("Datalekregister")
    widths = {"Omschrijving": 50, "Redenen": 80, "Soort": 32, "Soorten gegevens": 40}
    for index, name in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, 18)
    sheet.freeze_panes = "B2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value):
        if isinstance(value, datetime):
            c = WriteOnlyCell(sheet, value=local(value).replace(tzinfo=None))
            c.number_format = "dd-mm-yyyy hh:mm"
            return c
        if isinstance(value, str):
            value = safe_text(value)
            if len(value) > 60:
                c = WriteOnlyCell(sheet, value=value)
                c.alignment = wrap
                return c
        return value

    header = []
    for name in HEADERS:
        c = WriteOnlyCell(sheet, value=name)
        c.font = bold
        header.append(c)
    sheet.append(header)
    for record in records(store, **filters):
        sheet.append([cell(v) for v in record])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def events_lines(store):
    """The whole event log, one JSON object per line, in chain order (id, ref, at, actor, action,
    details, prev_hash, hash): enough to check the hash chain outside the bot."""
    for event in desk.all_events(store):
        event["details"] = json.loads(event["details"] or "{}")
        yield json.dumps(event, ensure_ascii=False) + "\n"


# -- the desk's download links -------------------------------------------------------------------
def _filters(request: web.Request) -> dict:
    from bot.adapters.web.pages import register_filters

    f = register_filters(request.query)
    f.pop("page")
    return f


def _name(request: web.Request, ext: str) -> str:
    return f"datalekregister-{local(the_desk(request).now()):%Y%m%d-%H%M}.{ext}"


# The files are built in a worker thread: a register of thousands must not hold up the chat on this loop
# (the store's lock keeps its one connection safe across threads).
async def register_csv(request: web.Request) -> web.Response:
    text = await asyncio.to_thread(register_csv_text, the_desk(request).store, **_filters(request))
    return web.Response(body=text.encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{_name(request, "csv")}"'})


async def register_xlsx(request: web.Request) -> web.Response:
    body = await asyncio.to_thread(register_xlsx_bytes, the_desk(request).store, **_filters(request))
    return web.Response(body=body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{_name(request, "xlsx")}"'})


async def events_jsonl(request: web.Request) -> web.Response:
    store = the_desk(request).store
    body = await asyncio.to_thread(lambda: "".join(events_lines(store)).encode("utf-8"))
    return web.Response(body=body, content_type="application/x-ndjson", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{_name(request, "jsonl")}"'})
