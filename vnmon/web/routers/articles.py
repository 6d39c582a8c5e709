"""Articles: JSON (`/api/articles/{id}`), the safe archived copy, and the article page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from elasticsearch import ApiError, TransportError
from fastapi import APIRouter, HTTPException, Path, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from indexer.search import SearchError
from indexer.search.expansion import default_lexicon
from vnmon.kernel.article import Article
from vnmon.kernel.prominence import prominence
from vnmon.kernel.warc import ArchivedResponse, ArchiveReadError, read_response
from vnmon.web.context import web_context
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.sanitize import decode_page, sanitize_html
from vnmon.web.searching import Copy, cluster_copies, fetch_article
from vnmon.web.security import MaySearch

router = APIRouter(tags=["articles"], responses=errors(404, 503))

ArticleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,128}$", description="Article id")]

# The query parameters of the search page that "Back to results" may carry.
SEARCH_KEYS = frozenset(
    {"q", "lang", "source", "country", "from", "to", "min_relevance", "sort", "size", "all_copies",
     "expand", "cursor", "ui"}
)  # fmt: skip
MAX_BACK_CHARS = 4000

# The archived page may use its own inline styles and data: images, nothing else; `sandbox`
# keeps it inert even when opened outside the article page's sandboxed iframe.
ARCHIVE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox"
)


def load_article(request: Request, article_id: str) -> Article:
    context = web_context(request)
    try:
        article = fetch_article(context.client, context.alias, article_id)
    except SearchError as exc:
        detail = f"Elasticsearch at {context.es_shown}: {exc}"
        raise HTTPException(status_code=503, detail=detail) from exc
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id} in {context.alias}")
    return article


def _copies(request: Request, article: Article) -> list[Copy]:
    if not article.cluster_id:
        return []
    context = web_context(request)
    try:
        found = cluster_copies(context.client, context.alias, article.cluster_id)
    except (ApiError, TransportError):
        return []
    return [c for c in found if c.id != article.id]


@router.get("/api/articles/{article_id}")
def api_article(request: Request, article_id: ArticleId, _: MaySearch) -> dict[str, Any]:
    """The article's metadata and full text, with the other outlets' copies of the same story."""
    article = load_article(request, article_id)
    document = article.model_dump(mode="json", exclude={"simhash_bands"})
    document["copies"] = [c.__dict__ for c in _copies(request, article)]
    document["archived_url"] = f"/api/articles/{article.id}/archived" if article.warc else None
    return document


def _archived(request: Request, article: Article) -> ArchivedResponse:
    """The article's archived response; a 404 saying why when it has none or its WARC is unreadable."""
    if article.warc is None:
        raise HTTPException(status_code=404, detail=f"article {article.id} has no archived copy")
    try:
        return read_response(web_context(request).warc_dir, article.warc)
    except ArchiveReadError as exc:
        raise HTTPException(status_code=404, detail=f"archived copy of {article.id}: {exc}") from exc


def _sanitized(article: Article, archived: ArchivedResponse) -> HTMLResponse:
    text = decode_page(archived.body, archived.header("Content-Type"))
    return HTMLResponse(
        sanitize_html(text, title=article.title),
        headers={
            "Content-Security-Policy": ARCHIVE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "private, max-age=300",
        },
    )


@router.get("/api/articles/{article_id}/archived", response_class=HTMLResponse)
def archived_copy(request: Request, article_id: ArticleId, _: MaySearch) -> Response:
    """The raw page as archived, sanitised: no scripts, handlers, external links or resources."""
    article = load_article(request, article_id)
    return _sanitized(article, _archived(request, article))


@router.get("/articles/{article_id}/archived", response_class=HTMLResponse, include_in_schema=False)
def archived_page(request: Request, article_id: ArticleId, _: MaySearch) -> Response:
    """The archived copy for a browser tab: the sanitised page, or a readable page saying why not."""
    article = load_article(request, article_id)
    try:
        archived = _archived(request, article)
    except HTTPException as exc:
        return render(
            request,
            "error.html",
            status_code=404,
            message_key="archive_missing",
            detail=exc.detail,
            back_url=f"/articles/{article.id}",
        )
    return _sanitized(article, archived)


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(
    request: Request,
    article_id: ArticleId,
    _: MaySearch,
    back: Annotated[str | None, Query(max_length=MAX_BACK_CHARS)] = None,
) -> HTMLResponse:
    """Metadata, full text, link to the original, other copies, and the archived copy in a sandbox."""
    article = load_article(request, article_id)
    archived: ArchivedResponse | None = None
    archive_error: str | None = None
    if article.warc is not None:
        try:
            archived = _archived(request, article)
        except HTTPException as exc:
            archive_error = str(exc.detail)
    where = prominence(article.title, article.lead, article.body, default_lexicon())
    return render(
        request,
        "article.html",
        article=article,
        copies=_copies(request, article),
        back_url=back_url(back),
        back_query=urlencode({"back": back}) if back_url(back) != "/" else "",
        archived=archived,
        archive_error=archive_error,
        where=where,
    )


def back_url(back: str | None) -> str:
    """The results page to go back to: `back` is a search's query string, re-encoded so the
    link is always this site's search page (`/?…`), never another site."""
    if not back:
        return "/"
    pairs = parse_qsl(back.removeprefix("/").removeprefix("?")[:MAX_BACK_CHARS], keep_blank_values=True)
    allowed = [(k, v) for k, v in pairs if k in SEARCH_KEYS]
    return "/?" + urlencode(allowed) if allowed else "/"
