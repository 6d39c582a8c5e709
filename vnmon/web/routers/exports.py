"""Reporters' downloads: the published weekly exports (list page, JSON list, file download)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse

from vnmon.exports import ExportError, export_file, exports_dir, list_exports, media_type
from vnmon.web.context import web_context
from vnmon.web.pages import render
from vnmon.web.security import MayExport

router = APIRouter(tags=["exports"])

WeekLabel = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W47")]
FileName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$", description="File name")]

# The HTML report opens in the browser but stays inert: its own inline styles and SVG, nothing else.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; sandbox"


def _weeks(request: Request) -> list[dict[str, Any]]:
    root = exports_dir(web_context(request).settings)
    return [
        {
            "week": week.week,
            "articles": week.articles,
            "generated_at": week.manifest.get("generated_at"),
            "filters": week.manifest.get("filters"),
            "files": [{"name": name, "url": f"/exports/{week.week}/{name}"} for name in week.files],
        }
        for week in list_exports(root)
    ]


@router.get("/api/exports")
def api_exports(request: Request, _: MayExport) -> list[dict[str, Any]]:
    """Published weeks, newest first, with their files' download URLs."""
    return _weeks(request)


@router.get("/exports", response_class=HTMLResponse, include_in_schema=False)
def exports_page(request: Request, _: MayExport) -> HTMLResponse:
    """The reporters' download page."""
    return render(request, "exports.html", weeks=_weeks(request))


# A browser link (its errors are pages); scripts find the files through /api/exports.
@router.get("/exports/{week}/{name}", include_in_schema=False)
def download(request: Request, week: WeekLabel, name: FileName, _: MayExport) -> FileResponse:
    """One file of a week: the HTML report shown (sandboxed), every other file downloaded."""
    try:
        path = export_file(week, name, exports_dir(web_context(request).settings))
    except ExportError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    if path.suffix == ".html":
        headers = {"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"}
        return FileResponse(path, media_type=media_type(path), headers=headers)
    return FileResponse(
        path,
        media_type=media_type(path),
        filename=path.name,
        headers={"X-Content-Type-Options": "nosniff"},
    )
