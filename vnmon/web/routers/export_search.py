"""`GET /export/search`: the results of any search as a CSV, XLSX or JSONL download, streamed.

It takes the search page's own query string (`q`, `lang`, `source`, `country`, `from`, `to`,
`min_relevance`, `sort`, `expand` …, validated by the same dependency as `/` and `/api/search`)
plus `format`, and answers every matching article (not one page) with the weekly export's columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import chain
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query
from starlette.requests import Request
from starlette.responses import StreamingResponse

from indexer.search import SearchError, SearchQueryError
from vnmon.exports.search import MEDIA_TYPES, download_name, export_chunks, search_query, search_rows
from vnmon.web.context import web_context
from vnmon.web.routers.search import QueryParams
from vnmon.web.security import MaySearch

router = APIRouter(tags=["search"])


# A browser link (the results page's download links; its errors are pages, in the UI language), so
# it stays out of the JSON API's schema; scripts page through /api/search or run `vnmon search --format`.
@router.get("/export/search", response_class=StreamingResponse, include_in_schema=False)
def export_search(
    request: Request,
    query: QueryParams,
    _: MaySearch,
    format: Annotated[Literal["csv", "xlsx", "jsonl"], Query(description="csv, xlsx or jsonl")] = "csv",
) -> StreamingResponse:
    """Every article matching the search (all copies, in the search's order) as a file download."""
    context = web_context(request)
    settings = context.settings
    try:
        search_query(query)  # a malformed query is a 400 here, before the download starts
        rows = search_rows(context.client, context.alias, query, settings)
        first = next(rows, None)  # reaches the cluster now: a failure is a 503 page, not a cut file
    except SearchQueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except SearchError as exc:
        raise HTTPException(status_code=503, detail=f"Elasticsearch at {context.es_shown}: {exc}") from exc

    now = datetime.now(UTC).astimezone(ZoneInfo(settings.timezone))
    name = download_name(format, now)
    return StreamingResponse(
        export_chunks(chain([first] if first else [], rows), format, settings),
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
