"""The operator page: schedules (pause, resume, run now), recent runs with their numbers, source health,
and the outlets registry (block, unblock, promote).

Every route needs the `crawls` permission; forms carry the session's CSRF token (checked by it).
Its top-bar link and label are the app's own (`pages.NAV_ITEMS`, `i18n.LABELS`).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from elasticsearch import ApiError, TransportError
from fastapi import APIRouter, Form, HTTPException, Query
from fastapi import Path as PathParam
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from indexer.outlets import STATUSES, OutletError, list_outlets, set_status
from vnmon.kernel.errors import VnmonError
from vnmon.operations.dropped import dropped_pages
from vnmon.scheduling import control
from vnmon.scheduling.schedules import Schedule, ScheduleError, make_schedule
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.pages import render
from vnmon.web.security import MayRunCrawls

PAGE = "/operator"
ScheduleName = Annotated[str, PathParam(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="Schedule name")]

# This page's labels, Vietnamese first as in the app; `nav_operator` is the top-bar link.
LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "Vận hành thu thập", "en": "Crawl operations"},
    "schedules": {"vi": "Lịch thu thập", "en": "Schedules"},
    "no_schedules": {"vi": "Chưa có lịch nào.", "en": "No schedules yet."},
    "name": {"vi": "Tên", "en": "Name"},
    "when": {"vi": "Khi nào", "en": "When"},
    "timezone": {"vi": "Múi giờ", "en": "Time zone"},
    "target": {"vi": "Nguồn", "en": "Sources"},
    "state": {"vi": "Trạng thái", "en": "State"},
    "next_run": {"vi": "Lần chạy tới", "en": "Next run"},
    "last_run": {"vi": "Lần chạy trước", "en": "Last run"},
    "active": {"vi": "đang bật", "en": "active"},
    "paused": {"vi": "tạm dừng", "en": "paused"},
    "requested": {"vi": "đã yêu cầu chạy ngay", "en": "run requested"},
    "pause": {"vi": "Tạm dừng", "en": "Pause"},
    "resume": {"vi": "Tiếp tục", "en": "Resume"},
    "run_now": {"vi": "Chạy ngay", "en": "Run now"},
    "no_scheduler": {
        "vi": "Bộ lập lịch (vnmon scheduler) không chạy: lịch và yêu cầu “chạy ngay” "
        "chờ đến khi nó khởi động.",
        "en": "The scheduler (vnmon scheduler) is not running: schedules and 'run now' requests wait "
        "until it starts.",
    },
    "done_paused": {"vi": "Đã tạm dừng lịch {name}.", "en": "Schedule {name} paused."},
    "done_resumed": {"vi": "Đã bật lại lịch {name}.", "en": "Schedule {name} resumed."},
    "done_requested": {
        "vi": "Đã yêu cầu chạy {name} ngay; bộ lập lịch sẽ bắt đầu trong vài giây.",
        "en": "Asked the scheduler to run {name} now; it starts within seconds.",
    },
    "runs": {"vi": "Các lần chạy gần đây", "en": "Recent runs"},
    "no_runs": {"vi": "Chưa có lần chạy nào được ghi.", "en": "No run recorded yet."},
    "run": {"vi": "Lần chạy", "en": "Run"},
    "started": {"vi": "Bắt đầu", "en": "Started"},
    "ended": {"vi": "Kết thúc", "en": "Ended"},
    "trigger": {"vi": "Khởi động bởi", "en": "Trigger"},
    "status": {"vi": "Kết quả", "en": "Status"},
    "fetched": {"vi": "Trang tải", "en": "Pages fetched"},
    "indexed": {"vi": "Bài lập chỉ mục", "en": "Articles indexed"},
    "dropped": {"vi": "Bị loại (lý do)", "en": "Dropped (reason)"},
    "http_errors": {"vi": "Lỗi HTTP", "en": "HTTP errors"},
    "robots_denied": {"vi": "robots.txt chặn", "en": "Robots-denied"},
    "health": {"vi": "Tình trạng nguồn", "en": "Source health"},
    "no_health": {"vi": "Chưa có nguồn nào.", "en": "No sources."},
    "source": {"vi": "Nguồn", "en": "Source"},
    "reasons": {"vi": "Lý do", "en": "Reason"},
    "yield": {"vi": "Bài/lần chạy", "en": "Articles/run"},
    "error_rate": {"vi": "Tỷ lệ lỗi", "en": "Error rate"},
    "health_healthy": {"vi": "tốt", "en": "healthy"},
    "health_degraded": {"vi": "giảm sút", "en": "degraded"},
    "health_broken": {"vi": "hỏng", "en": "broken"},
    "health_unknown": {"vi": "chưa rõ", "en": "unknown"},
    "unavailable": {"vi": "Không đọc được: {error}", "en": "Unavailable: {error}"},
    "newest": {"vi": "Bài mới nhất (ngày đăng)", "en": "Newest article (published)"},
    "times_in": {"vi": "Giờ hiển thị theo múi {zone}.", "en": "Times are in {zone}."},
    "run_title": {"vi": "Lần chạy {run}", "en": "Run {run}"},
    "back": {"vi": "← Vận hành thu thập", "en": "← Crawl operations"},
    "per_source": {"vi": "Theo nguồn", "en": "Per source"},
    "errors": {"vi": "Lỗi", "en": "Errors"},
    "entry_points": {"vi": "Điểm vào", "en": "Entry points"},
    "dropped_urls": {"vi": "Các trang bị loại, theo lý do", "en": "Dropped pages, by reason"},
    "dropped_intro": {
        "vi": "Đọc từ nhật ký của lần chạy: xem lại những gì bị loại (ví dụ do không liên quan) để phát "
        "hiện sai sót.",
        "en": "Read from the run's log: review what was thrown away (as irrelevant, say) to spot a mistake.",
    },
    "no_dropped": {"vi": "Lần chạy này không loại trang nào.", "en": "This run dropped no page."},
    "more": {"vi": "… và {n} trang nữa", "en": "… and {n} more"},
    "add_schedule": {"vi": "Thêm lịch cho các nguồn này", "en": "Add a schedule for these sources"},
    "add_intro": {
        "vi": "Chạy lại các nguồn của lần chạy này theo lịch: mỗi khoảng (vd. 6h, 30m, 1d) "
        "hoặc biểu thức cron.",
        "en": "Crawl this run's sources on a schedule: every interval (e.g. 6h, 30m, 1d) "
        "or a cron expression.",
    },
    "every": {"vi": "Mỗi", "en": "Every"},
    "cron": {"vi": "hoặc cron", "en": "or cron"},
    "add": {"vi": "Thêm lịch", "en": "Add the schedule"},
    "done_added": {"vi": "Đã thêm lịch {name}.", "en": "Schedule {name} added."},
    "not_added": {"vi": "Không thêm được lịch: {error}", "en": "The schedule was not added: {error}"},
    # Run statuses and drop reasons as the crawler records them: in Vietnamese words; in English
    # the recorded codes themselves (what `vnmon runs` prints and scripts grep for).
    "status_finished": {"vi": "hoàn tất", "en": "finished"},
    "status_failed": {"vi": "thất bại", "en": "failed"},
    "status_degraded": {"vi": "hoàn tất, có sự cố", "en": "degraded"},
    "status_running": {"vi": "đang chạy", "en": "running"},
    "status_interrupted": {"vi": "bị ngắt", "en": "interrupted"},
    "trigger_manual": {"vi": "thủ công", "en": "manual"},
    "trigger_schedule": {"vi": "theo lịch", "en": "schedule"},
    "reason_irrelevant": {"vi": "không liên quan", "en": "irrelevant"},
    "reason_not_article": {"vi": "không phải bài viết", "en": "not_article"},
    "reason_no_text": {"vi": "không có nội dung", "en": "no_text"},
    "reason_duplicate": {"vi": "trùng lặp", "en": "duplicate"},
    "reason_too_old": {"vi": "quá cũ", "en": "too_old"},
    "reason_domestic": {"vi": "báo trong nước", "en": "domestic"},
    "reason_robots": {"vi": "robots.txt chặn", "en": "robots"},
    "reason_blocked_outlet": {"vi": "báo bị chặn", "en": "blocked_outlet"},
    "outlets": {"vi": "Các cơ quan báo chí đã gặp", "en": "Outlets registry"},
    "outlets_intro": {
        "vi": "Mọi tên miền đã cho ra bài viết, kể cả những báo được phát hiện qua GDELT. Báo bị chặn "
        "không bao giờ được tải nữa, trong bất kỳ lần thu thập nào.",
        "en": "Every domain that yielded an article, those found through GDELT included. A blocked "
        "outlet is never fetched again, by any crawl.",
    },
    "no_outlets": {"vi": "Chưa có báo nào.", "en": "No outlets."},
    "domain": {"vi": "Tên miền", "en": "Domain"},
    "country": {"vi": "Quốc gia", "en": "Country"},
    "languages": {"vi": "Ngôn ngữ", "en": "Languages"},
    "articles": {"vi": "Bài", "en": "Articles"},
    "first_seen": {"vi": "Gặp lần đầu", "en": "First seen"},
    "last_seen": {"vi": "Gặp lần cuối", "en": "Last seen"},
    "all": {"vi": "tất cả", "en": "all"},
    "show": {"vi": "Xem", "en": "Show"},
    "block": {"vi": "Chặn", "en": "Block"},
    "unblock": {"vi": "Bỏ chặn", "en": "Unblock"},
    "promote": {"vi": "Đưa vào danh sách nguồn", "en": "Promote to a source"},
    "country_hint": {"vi": "Mã quốc gia (vd. DE), nếu chưa rõ", "en": "Country code (e.g. DE), if unknown"},
    "outlet_discovered": {"vi": "được phát hiện", "en": "discovered"},
    "outlet_promoted": {"vi": "là nguồn", "en": "promoted"},
    "outlet_blocked": {"vi": "bị chặn", "en": "blocked"},
    "done_blocked": {
        "vi": "Đã chặn {name}: không lần thu thập nào tải nó nữa.",
        "en": "Blocked {name}: no crawl will fetch it again.",
    },
    "done_unblocked": {"vi": "Đã bỏ chặn {name}.", "en": "Unblocked {name}."},
    "done_promoted": {
        "vi": "Đã đưa {name} vào danh sách nguồn.",
        "en": "Promoted {name} to the sources file.",
    },
    "not_promoted": {"vi": "Không đưa vào được: {error}", "en": "Not promoted: {error}"},
    "discovery": {
        "vi": "Phát hiện ({source}): {files} tệp/truy vấn, {records} bản ghi, giữ {kept}, "
        "{found} URL để thu thập",
        "en": "Discovery ({source}): {files} file(s)/queries, {records} records, {kept} kept, "
        "{found} URLs to crawl",
    },
}
_DONE = {
    "paused": "done_paused",
    "resumed": "done_resumed",
    "requested": "done_requested",
    "added": "done_added",
    "blocked": "done_blocked",
    "unblocked": "done_unblocked",
    "promoted": "done_promoted",
}
OutletDomain = Annotated[
    str, PathParam(pattern=r"^[a-z0-9][a-z0-9.-]{0,252}$", description="The outlet's registrable domain")
]
OutletStatus = Annotated[str | None, Query(pattern="^(" + "|".join(STATUSES) + ")$")]
PROMOTE_SECONDS = 120  # reading the outlet's robots.txt and home page for its feeds
RunId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$", description="Run id")]


router = APIRouter(tags=["operations"])

# What reading the stores can fail with: a bad schedules/sources file, Elasticsearch away.
_READ_ERRORS = (VnmonError, TransportError, ApiError)
T = TypeVar("T")


# -- the data each view shows ------------------------------------------------------------------


def schedule_rows() -> list[dict[str, Any]]:
    """The schedules, each with `next_run` computed when the scheduler has not set it yet."""
    now = datetime.now(UTC)
    rows = []
    for view in control.list_schedules():
        row = dict(view)
        if not row["paused"] and row.get("next_run_at") is None:
            schedule = make_schedule(**{k: v for k, v in view.items() if k in Schedule.model_fields})
            row["next_run_at"] = schedule.next_fire_after(now).isoformat()
        rows.append(row)
    return rows


def run_rows(limit: int = 20, source: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Recent runs with their per-source numbers added up: dropped by reason, HTTP errors by code."""
    rows = []
    for run in control.recent_runs(limit, source=source, status=status):
        tallies = list((run.get("per_source") or {}).values())
        dropped: Counter[str] = Counter()
        http_errors: Counter[str] = Counter()
        for tally in tallies:
            dropped.update({k: int(v) for k, v in (tally.get("dropped") or {}).items()})
            http_errors.update({str(k): int(v) for k, v in (tally.get("http_errors") or {}).items()})
        rows.append(
            {
                **run,
                "dropped": dict(dropped.most_common()),
                "http_errors": dict(sorted(http_errors.items())),
                "robots_denied": sum(int(t.get("robots_denied", 0)) for t in tallies),
            }
        )
    return rows


def _known(name: str) -> None:
    """404 for a schedule that does not exist (naming the ones that do)."""
    names = [s["name"] for s in control.list_schedules()]
    if name not in names:
        raise HTTPException(
            status_code=404, detail=f"no schedule named {name!r}; schedules: {', '.join(names) or 'none'}"
        )


def _request_run(name: str) -> dict[str, Any]:
    """Ask the scheduler to run `name` now; a paused schedule is refused (the scheduler skips it)."""
    _known(name)
    if any(s["name"] == name and s["paused"] for s in control.list_schedules()):
        raise HTTPException(status_code=409, detail=f"schedule {name!r} is paused: resume it first")
    return control.request_run(name)


def _change(action: Callable[[str], dict[str, Any]], name: str) -> dict[str, Any]:
    _known(name)
    try:
        return action(name)
    except ScheduleError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def _or_503(read: Callable[[], T]) -> T:
    try:
        return read()
    except _READ_ERRORS as exc:
        raise HTTPException(status_code=503, detail=f"{type(exc).__name__}: {exc}") from exc


# -- JSON API ------------------------------------------------------------------------------------


@router.get("/api/operator/schedules")
def api_schedules(principal: MayRunCrawls) -> dict[str, Any]:
    """Every schedule (timing, target, paused, next and last run) and whether a scheduler runs."""
    return {"scheduler_running": control.scheduler_running(), "schedules": _or_503(schedule_rows)}


@router.post("/api/operator/schedules/{name}/pause")
def api_pause(principal: MayRunCrawls, name: ScheduleName) -> dict[str, Any]:
    """Pause a schedule: no run starts until it is resumed."""
    return _change(control.pause_schedule, name)


@router.post("/api/operator/schedules/{name}/resume")
def api_resume(principal: MayRunCrawls, name: ScheduleName) -> dict[str, Any]:
    """Resume a schedule from its next fire time (no catch-up for the pause)."""
    return _change(control.resume_schedule, name)


@router.post("/api/operator/schedules/{name}/run", status_code=202)
def api_run(principal: MayRunCrawls, name: ScheduleName) -> dict[str, Any]:
    """Ask the scheduler to start this schedule now (accepted; it starts when a scheduler runs)."""
    return {"scheduler_running": control.scheduler_running(), "schedule": _request_run(name)}


@router.get("/api/operator/runs")
def api_runs(
    principal: MayRunCrawls,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    source: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> list[dict[str, Any]]:
    """The latest runs first, with per-source numbers and their totals."""
    return _or_503(lambda: run_rows(limit, source, status))


@router.get("/api/operator/health")
def api_health(principal: MayRunCrawls) -> list[dict[str, Any]]:
    """Every source's state (healthy/degraded/broken/unknown), reasons and numbers."""
    return _or_503(control.source_health)


# -- the page ------------------------------------------------------------------------------------


@router.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
def operator_page(
    request: Request,
    principal: MayRunCrawls,
    done: Annotated[str | None, Query(max_length=20)] = None,
    schedule: Annotated[str | None, Query(max_length=64)] = None,
    outlet: Annotated[str | None, Query(max_length=253)] = None,
    outlet_status: OutletStatus = None,
) -> HTMLResponse:
    labels = _labels(request)
    name = schedule or outlet
    notice = labels[_DONE[done]].format(name=name) if done in _DONE and name else None
    return _operator_page(request, outlet_status, notice)


def _operator_page(
    request: Request,
    outlet_status: str | None,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    labels = _labels(request)
    sections: dict[str, Any] = {}
    errors: dict[str, str] = {}
    readers: dict[str, Callable[[], Any]] = {
        "schedules": schedule_rows,
        "runs": run_rows,
        "health": control.source_health,
        "outlets": lambda: list_outlets(web_context(request).client, outlet_status, size=500),
    }
    for section, read in readers.items():
        try:
            sections[section] = read()
        except _READ_ERRORS as exc:
            # One store away (Elasticsearch down) must not hide the others.
            errors[section] = labels["unavailable"].format(error=exc)
    return render(
        request,
        "operator.html",
        status_code=status_code,
        L=labels,
        schedules=sections.get("schedules", []),
        runs=sections.get("runs", []),
        health=sections.get("health", []),
        outlets=sections.get("outlets", []),
        outlet_statuses=STATUSES,
        outlet_status=outlet_status or "",
        errors=errors,
        notice=notice,
        error=error,
        scheduler_running=control.scheduler_running(),
        zone=web_context(request).settings.timezone,
    )


def _labels(request: Request) -> dict[str, str]:
    language = pick_language(request)
    return {key: entry[language] for key, entry in LABELS.items()}


@router.get("/api/operator/runs/{run_id}")
def api_run_detail(principal: MayRunCrawls, run_id: RunId) -> dict[str, Any]:
    """One run with its per-source numbers and the URLs it dropped, by reason (from its log)."""
    run = _one_run(run_id)
    pages = dropped_pages(run.get("log_file"))
    return {
        **run,
        "dropped_urls": {reason: [asdict(p) for p in found] for reason, found in pages.by_reason.items()},
        "dropped_counts": pages.counts,
        "dropped_problem": pages.problem,
    }


def _one_run(run_id: str) -> dict[str, Any]:
    try:
        return control.get_run(run_id)
    except VnmonError as exc:  # crawler.runs.RunsError: no such run
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except (TransportError, ApiError) as exc:
        raise HTTPException(status_code=503, detail=f"{type(exc).__name__}: {exc}") from exc


@router.get(PAGE + "/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
def run_page(request: Request, principal: MayRunCrawls, run_id: RunId) -> HTMLResponse:
    """One run: its numbers per source, the pages it dropped by reason, and a form to schedule it."""
    return _run_page(request, run_id)


def _run_page(
    request: Request, run_id: str, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    run = _one_run(run_id)
    sources = sorted((run.get("per_source") or {}).keys()) or list(run.get("sources") or [])
    return render(
        request,
        "operator_run.html",
        status_code=status_code,
        L=_labels(request),
        run=run,
        tallies=sorted((run.get("per_source") or {}).items()),
        dropped=dropped_pages(run.get("log_file")),
        sources=sources,
        suggested_name=_suggested_name(sources),
        error=error,
        zone=web_context(request).settings.timezone,
    )


def _suggested_name(sources: list[str]) -> str:
    stem = sources[0] if len(sources) == 1 else f"{len(sources)}-sources"
    return ("crawl-" + stem)[:64].lower()


@router.post(PAGE + "/schedules", include_in_schema=False)
def add_schedule_form(
    request: Request,
    principal: MayRunCrawls,
    name: Annotated[str, Form(max_length=64)],
    run_id: Annotated[str, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$")],
    sources: Annotated[list[str], Form(max_length=500)],
    every: Annotated[str, Form(max_length=20)] = "",
    cron: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Add a crawl schedule for the sources of a run (the run page's form); a refusal (bad name,
    timing or source) is shown on the run page, the form kept."""
    try:
        if bool(every.strip()) == bool(cron.strip()):
            raise ScheduleError("give either an interval (every) or a cron expression, not both or neither")
        cron_text, every_text = cron.strip() or None, every.strip() or None
        control.add_schedule(name.strip(), cron=cron_text, every=every_text, sources=sources)
    except ScheduleError as exc:
        return _run_page(request, run_id, 400, _labels(request)["not_added"].format(error=exc))
    return _back("added", name.strip())


def _back(done: str, name: str) -> Response:
    return RedirectResponse(f"{PAGE}?done={done}&schedule={name}", status_code=303)


@router.post(PAGE + "/schedules/{name}/pause", include_in_schema=False)
def pause_form(principal: MayRunCrawls, name: ScheduleName) -> Response:
    _change(control.pause_schedule, name)
    return _back("paused", name)


@router.post(PAGE + "/schedules/{name}/resume", include_in_schema=False)
def resume_form(principal: MayRunCrawls, name: ScheduleName) -> Response:
    _change(control.resume_schedule, name)
    return _back("resumed", name)


@router.post(PAGE + "/schedules/{name}/run", include_in_schema=False)
def run_form(principal: MayRunCrawls, name: ScheduleName) -> Response:
    _request_run(name)
    return _back("requested", name)


# -- the outlets registry ------------------------------------------------------------------------


def _set_outlet(request: Request, domain: str, status: str) -> dict[str, Any]:
    """Block or unblock an outlet: 404 for an unblock of a domain the registry does not hold."""
    try:
        return set_status(web_context(request).client, domain, status)
    except OutletError as exc:
        raise HTTPException(status_code=404 if status != "blocked" else 422, detail=str(exc)) from exc
    except (TransportError, ApiError) as exc:
        raise HTTPException(status_code=503, detail=f"{type(exc).__name__}: {exc}") from exc


def promote_outlet(domain: str, country: str | None) -> str:
    """Promote an outlet to the sources file, as `vnmon outlets promote` does (in a process of its
    own: reading the outlet's feeds needs the crawler's code, which the web app does not load).
    Returns its report line; OutletError carries its error line."""
    command = [sys.executable, "-m", "vnmon.cli", "outlets", "promote", domain]
    if country:
        command += ["--country", country.upper()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROMOTE_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise OutletError(f"{domain}: no answer from the outlet within {PROMOTE_SECONDS} s") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise OutletError(lines[-1].removeprefix("error: "))
    return done.stdout.strip()


CountryCode = Annotated[str, Form(pattern=r"^([A-Za-z]{2})?$")]


@router.get("/api/operator/outlets")
def api_outlets(
    request: Request, principal: MayRunCrawls, status: OutletStatus = None
) -> list[dict[str, Any]]:
    """The outlets registry, most articles first (optionally of one status)."""
    return _or_503(lambda: list_outlets(web_context(request).client, status, size=500))


@router.post("/api/operator/outlets/{domain}/block")
def api_block(request: Request, principal: MayRunCrawls, domain: OutletDomain) -> dict[str, Any]:
    """Block an outlet: no crawl fetches it again (a domain never seen is registered blocked)."""
    return _set_outlet(request, domain, "blocked")


@router.post("/api/operator/outlets/{domain}/unblock")
def api_unblock(request: Request, principal: MayRunCrawls, domain: OutletDomain) -> dict[str, Any]:
    """Unblock an outlet (it is `discovered` again)."""
    return _set_outlet(request, domain, "discovered")


@router.post("/api/operator/outlets/{domain}/promote")
def api_promote(
    principal: MayRunCrawls,
    domain: OutletDomain,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> dict[str, str]:
    """Add the outlet to the sources file with the feeds and sitemaps it announces."""
    try:
        return {"domain": domain, "result": promote_outlet(domain, country)}
    except OutletError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def _back_to_outlets(done: str, domain: str) -> Response:
    return RedirectResponse(f"{PAGE}?done={done}&outlet={domain}#outlets", status_code=303)


@router.post(PAGE + "/outlets/{domain}/block", include_in_schema=False)
def block_form(request: Request, principal: MayRunCrawls, domain: OutletDomain) -> Response:
    return _back_to_outlets("blocked", _set_outlet(request, domain, "blocked")["domain"])


@router.post(PAGE + "/outlets/{domain}/unblock", include_in_schema=False)
def unblock_form(request: Request, principal: MayRunCrawls, domain: OutletDomain) -> Response:
    return _back_to_outlets("unblocked", _set_outlet(request, domain, "discovered")["domain"])


@router.post(PAGE + "/outlets/{domain}/promote", include_in_schema=False)
def promote_form(
    request: Request, principal: MayRunCrawls, domain: OutletDomain, country: CountryCode = ""
) -> Response:
    """Promote from the page; a refusal (no country known, the outlet unreachable) is shown there."""
    try:
        promote_outlet(domain, country or None)
    except OutletError as exc:
        return _operator_page(
            request, None, error=_labels(request)["not_promoted"].format(error=exc), status_code=400
        )
    return _back_to_outlets("promoted", domain)
