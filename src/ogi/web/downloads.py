"""Every table a page shows can be downloaded: CSV (UTF-8 with BOM, so Excel shows the
Chinese) or xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.responses import Response

from ogi.spreadsheet import csv_row, text_cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> str:
    """Content-Disposition for a Chinese file name (RFC 6266 / 5987), with an ASCII
    fallback for old clients."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(text_cells(ws, header))
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(text_cells(ws, [_cell(v) for v in row]))
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v: object) -> object:
    if isinstance(v, (list, tuple, dict)):
        return str(v)
    return v


def table_response(
    header: Sequence[str], rows: Sequence[Sequence[object]], fmt: str, name: str
) -> Response:
    """`fmt` is ``csv`` or ``xlsx``; `name` is the file name without suffix."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(csv_row(header))
        w.writerows(csv_row(r) for r in rows)
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")
        return Response(
            data,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment(f"{name}.csv")},
        )
    if fmt == "xlsx":
        return Response(
            xlsx_bytes(header, rows, name),
            media_type=XLSX,
            headers={"Content-Disposition": attachment(f"{name}.xlsx")},
        )
    raise HTTPException(404)
