"""UI labels in Vietnamese and English, and how a request picks its language (`?ui=`, cookie, browser)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

from indexer.search.known import UnknownValue
from indexer.search.names import country_name, language_name
from indexer.search.vocabulary import topic_label

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LANG_COOKIE = "lang"

LABELS: dict[str, dict[str, str]] = {
    "app_name": {"en": "vnmon", "vi": "vnmon"},
    "tagline": {"en": "Foreign press on Vietnam", "vi": "Báo chí nước ngoài viết về Việt Nam"},
    "search": {"en": "Search", "vi": "Tìm kiếm"},
    "search_placeholder": {
        "en": 'Words, "exact phrase", OR, -exclude, prefix*',
        "vi": 'Từ khóa, "cụm từ chính xác", OR, -loại trừ, tiền tố*',
    },
    "filters": {"en": "Filters", "vi": "Bộ lọc"},
    "language": {"en": "Language", "vi": "Ngôn ngữ"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "country": {"en": "Country", "vi": "Quốc gia"},
    "place": {"en": "Place", "vi": "Địa danh"},
    "topic": {"en": "Topic", "vi": "Chủ đề"},
    "date_from": {"en": "From", "vi": "Từ ngày"},
    "date_to": {"en": "To", "vi": "Đến ngày"},
    "sort": {"en": "Sort", "vi": "Sắp xếp"},
    "sort_relevance": {"en": "Relevance", "vi": "Liên quan"},
    "sort_date": {"en": "Newest", "vi": "Mới nhất"},
    "all_copies": {"en": "Show every copy", "vi": "Hiện mọi bản sao"},
    "no_expand": {"en": "Exact terms only", "vi": "Chỉ đúng từ đã gõ"},
    "no_expand_hint": {
        "en": "Do not expand Vietnam names (Hanoi, Вьетнам, …) to their forms in other languages",
        "vi": "Không mở rộng tên Việt Nam (Hà Nội, Вьетнам, …) sang các ngôn ngữ khác",
    },
    "apply": {"en": "Apply", "vi": "Áp dụng"},
    "clear_filters": {"en": "Clear filters", "vi": "Xóa bộ lọc"},
    "results": {"en": "results", "vi": "kết quả"},
    "no_results": {"en": "No articles match.", "vi": "Không có bài viết phù hợp."},
    "volume": {"en": "Articles over time", "vi": "Số bài theo thời gian"},
    "copies": {"en": "copies", "vi": "bản sao"},
    "next_page": {"en": "Next page", "vi": "Trang sau"},
    "first_page": {"en": "First page", "vi": "Trang đầu"},
    "published": {"en": "Published", "vi": "Ngày đăng"},
    "fetched": {"en": "Fetched", "vi": "Ngày thu thập"},
    "authors": {"en": "Authors", "vi": "Tác giả"},
    "relevance": {"en": "Relevance to Vietnam", "vi": "Mức liên quan đến Việt Nam"},
    "matched_terms": {"en": "Matched terms", "vi": "Từ khớp"},
    "original": {"en": "Original article", "vi": "Bài gốc"},
    "archived_copy": {"en": "Archived copy", "vi": "Bản lưu trữ"},
    "archived_note": {
        "en": "As fetched, without scripts, images or links to other sites.",
        "vi": "Như khi thu thập, không có script, hình ảnh hay liên kết ra ngoài.",
    },
    "no_archive": {"en": "No archived copy for this article.", "vi": "Bài này không có bản lưu trữ."},
    "full_text": {"en": "Full text", "vi": "Toàn văn"},
    "other_copies": {"en": "Also carried by", "vi": "Cũng được đăng bởi"},
    "back_to_results": {"en": "Back to results", "vi": "Quay lại kết quả"},
    "login": {"en": "Log in", "vi": "Đăng nhập"},
    "logout": {"en": "Log out", "vi": "Đăng xuất"},
    "username": {"en": "User name", "vi": "Tên đăng nhập"},
    "password": {"en": "Password", "vi": "Mật khẩu"},
    "login_failed": {"en": "Wrong user name or password.", "vi": "Sai tên đăng nhập hoặc mật khẩu."},
    "login_throttled": {
        "en": "Too many failed attempts; try again in {minutes} min.",
        "vi": "Quá nhiều lần thử sai; hãy thử lại sau {minutes} phút.",
    },
    "session_expired": {
        "en": "The form expired; please try again.",
        "vi": "Biểu mẫu đã hết hạn; vui lòng thử lại.",
    },
    "nav_operator": {"vi": "Vận hành", "en": "Operations"},
    "nav_trends": {"vi": "Có gì mới", "en": "What is new"},
    "nav_places": {"vi": "Theo tỉnh thành", "en": "By province"},
    "account": {"en": "Account", "vi": "Tài khoản"},
    "role": {"en": "Role", "vi": "Vai trò"},
    "api_keys": {"en": "API keys", "vi": "Khóa API"},
    "api_key_name": {"en": "Key name", "vi": "Tên khóa"},
    "create_api_key": {"en": "Create API key", "vi": "Tạo khóa API"},
    "api_key_once": {
        "en": "Copy this key now: it is shown only once.",
        "vi": "Hãy sao chép khóa này ngay: nó chỉ hiện một lần.",
    },
    "revoke": {"en": "Revoke", "vi": "Thu hồi"},
    "created": {"en": "Created", "vi": "Ngày tạo"},
    "users": {"en": "Users", "vi": "Người dùng"},
    "add_user": {"en": "Add user", "vi": "Thêm người dùng"},
    "change_role": {"en": "Change role", "vi": "Đổi vai trò"},
    "remove": {"en": "Remove", "vi": "Xóa"},
    "local_mode": {
        "en": "Local mode: no users exist, so this machine's browser is admin. Add a user to require logins.",
        "vi": "Chế độ cục bộ: chưa có người dùng nên trình duyệt trên máy này là quản trị. "
        "Thêm người dùng để bắt buộc đăng nhập.",
    },
    "search_unavailable": {
        "en": "Search is unavailable: {error}",
        "vi": "Không thể tìm kiếm: {error}",
    },
    "unavailable": {
        "en": "Elasticsearch cannot be reached right now; try again in a moment.",
        "vi": "Hiện không kết nối được Elasticsearch; vui lòng thử lại sau.",
    },
    "bad_query": {"en": "Cannot run this search: {error}", "vi": "Không thể chạy tìm kiếm này: {error}"},
    "not_found": {"en": "Not found.", "vi": "Không tìm thấy."},
    "exports": {"en": "Weekly exports", "vi": "Báo cáo tuần"},
    "exports_intro": {
        "en": "Each week's articles as a PDF/HTML report, an Excel workbook, CSV and JSONL.",
        "vi": "Bài viết của từng tuần: báo cáo PDF/HTML, bảng tính Excel, CSV và JSONL.",
    },
    "no_exports": {"en": "No weekly export has been made yet.", "vi": "Chưa có báo cáo tuần nào."},
    "week": {"en": "Week", "vi": "Tuần"},
    "articles": {"en": "Articles", "vi": "Bài viết"},
    "files": {"en": "Files", "vi": "Tệp"},
    "bad_request": {"en": "This request is not valid.", "vi": "Yêu cầu không hợp lệ."},
    "forbidden": {
        "en": "Your role does not allow this page.",
        "vi": "Vai trò của bạn không được phép xem trang này.",
    },
    "role_analyst": {"en": "analyst", "vi": "phân tích viên"},
    "role_operator": {"en": "operator", "vi": "vận hành viên"},
    "role_reporter": {"en": "reporter", "vi": "người lập báo cáo"},
    "role_admin": {"en": "admin", "vi": "quản trị"},
    "switch_language": {"en": "Tiếng Việt", "vi": "English"},
    # Search page (issue 16)
    "result_one": {"en": "{n} result", "vi": "{n} kết quả"},
    "result_many": {"en": "{n} results", "vi": "{n} kết quả"},
    "article_one": {"en": "{n} article", "vi": "{n} bài"},
    "article_many": {"en": "{n} articles", "vi": "{n} bài"},
    "query_too_long": {
        "en": "The query is {length} characters long; at most {limit}.",
        "vi": "Truy vấn dài {length} ký tự; tối đa {limit}.",
    },
    "bad_date_field": {
        "en": "“{field}” must be a date (YYYY-MM-DD), not “{value}”.",
        "vi": "“{field}” phải là một ngày (YYYY-MM-DD), không phải “{value}”.",
    },
    "bad_number_field": {
        "en": "“{field}” must be a number of 0 or more, not “{value}”.",
        "vi": "“{field}” phải là một số từ 0 trở lên, không phải “{value}”.",
    },
    "chart_peak": {"en": "max", "vi": "cao nhất"},
    "date_presets": {"en": "Published", "vi": "Thời gian đăng"},
    "preset_7_days": {"en": "Last 7 days", "vi": "7 ngày qua"},
    "preset_this_week": {"en": "This week", "vi": "Tuần này"},
    "preset_last_month": {"en": "Last month", "vi": "Tháng trước"},
    "min_relevance": {"en": "Min. relevance", "vi": "Liên quan tối thiểu"},
    "min_relevance_hint": {
        "en": "Only articles at least this relevant to Vietnam (3 = about Vietnam)",
        "vi": "Chỉ những bài có mức liên quan đến Việt Nam từ mức này trở lên (3 = viết về Việt Nam)",
    },
    "spellings_searched": {"en": "Also searched", "vi": "Cũng tìm theo"},
    "download": {"en": "Download", "vi": "Tải xuống"},
    "save_this_search": {"en": "Save this search", "vi": "Lưu tìm kiếm này"},
    "saved_name": {"en": "Name", "vi": "Tên"},
    "saved_searches": {"en": "Saved searches", "vi": "Tìm kiếm đã lưu"},
    "compare": {"en": "Compare", "vi": "So sánh"},
    "suggest_title": {"en": "Try:", "vi": "Hãy thử:"},
    "suggest_no_filters": {"en": "the same words without filters", "vi": "cùng từ khóa, bỏ bộ lọc"},
    "suggest_expand": {"en": "every spelling of Vietnam names", "vi": "mọi cách viết tên Việt Nam"},
    "suggest_any_word": {"en": "any of the words (OR)", "vi": "bất kỳ từ nào (OR)"},
    "suggest_spelling": {
        "en": "other spellings or fewer words; exact phrases need \"quotes\".",
        "vi": "cách viết khác hoặc ít từ hơn; cụm từ chính xác cần đặt trong \"ngoặc kép\".",
    },
    "prominence": {"en": "Vietnam in", "vi": "Việt Nam xuất hiện ở"},
    "prominence_title": {"en": "the headline", "vi": "tiêu đề"},
    "prominence_lead": {"en": "the lead", "vi": "phần mở đầu"},
    "prominence_passing": {"en": "a passing mention", "vi": "chỉ nhắc qua"},
    "prominence_none": {"en": "no lexicon term", "vi": "không có từ trong từ điển"},
    "matched_passage": {"en": "Matched passage", "vi": "Đoạn khớp"},
    "archive_banner": {
        "en": "Archived copy captured {time} from {url} · WARC record {record}",
        "vi": "Bản lưu trữ thu thập lúc {time} từ {url} · bản ghi WARC {record}",
    },
    "archive_missing": {
        "en": "The archived copy cannot be shown: its WARC file is missing or unreadable on this server.",
        "vi": "Không thể hiển thị bản lưu trữ: tệp WARC bị thiếu hoặc không đọc được trên máy chủ này.",
    },
    "unknown_language": {
        "en": "Unknown language “{value}”.",
        "vi": "Không có ngôn ngữ “{value}”.",
    },
    "unknown_source": {"en": "Unknown source “{value}”.", "vi": "Không có nguồn “{value}”."},
    "unknown_country": {"en": "Unknown country “{value}”.", "vi": "Không có quốc gia “{value}”."},
    "unknown_place": {"en": "Unknown place “{value}”.", "vi": "Không có địa danh “{value}”."},
    "unknown_topic": {"en": "Unknown topic “{value}”.", "vi": "Không có chủ đề “{value}”."},
    "source_display_name": {
        "en": "“{value}” is a source's name; filter by its id {id}.",
        "vi": "“{value}” là tên hiển thị của nguồn; hãy lọc theo mã {id}.",
    },
    "did_you_mean": {"en": "Did you mean: {values}?", "vi": "Có phải ý bạn là: {values}?"},
    # Status and reason values shown in pages, so the Vietnamese UI has no English words.
    "status_manual": {"en": "manual", "vi": "thủ công"},
    "status_scheduled": {"en": "scheduled", "vi": "theo lịch"},
    "status_running": {"en": "running", "vi": "đang chạy"},
    "status_finished": {"en": "finished", "vi": "đã xong"},
    "status_failed": {"en": "failed", "vi": "thất bại"},
    "status_interrupted": {"en": "interrupted", "vi": "bị gián đoạn"},
    "status_healthy": {"en": "healthy", "vi": "bình thường"},
    "status_stale": {"en": "stale", "vi": "không có bài mới"},
    "status_broken": {"en": "broken", "vi": "hỏng"},
    "status_paused": {"en": "paused", "vi": "tạm dừng"},
    "status_active": {"en": "active", "vi": "đang hoạt động"},
    "reason_irrelevant": {"en": "irrelevant", "vi": "không liên quan"},
    "reason_no_text": {"en": "no text", "vi": "không có nội dung"},
    "reason_duplicate": {"en": "duplicate", "vi": "trùng lặp"},
    "reason_near_duplicate": {"en": "near duplicate", "vi": "gần trùng lặp"},
    "reason_too_old": {"en": "too old", "vi": "quá cũ"},
    "reason_not_article": {"en": "not an article", "vi": "không phải bài báo"},
    "reason_fetch_error": {"en": "fetch error", "vi": "lỗi tải trang"},
    "reason_robots": {"en": "blocked by robots.txt", "vi": "bị robots.txt chặn"},
    "reason_language": {"en": "language not wanted", "vi": "ngôn ngữ không cần"},
}


def status_label(value: str, language: str) -> str:
    """A status or reason value (`finished`, `irrelevant`, `no_text`) in `language`; unknown
    values are shown as they are, with underscores as spaces."""
    for prefix in ("status_", "reason_"):
        entry = LABELS.get(prefix + value)
        if entry is not None:
            return entry.get(language) or entry["en"]
    return value.replace("_", " ")


def count_label(n: int, language: str, one: str = "result_one", many: str = "result_many") -> str:
    """"1 result", "2 results" ("1 kết quả", "2 kết quả")."""
    return translator(language)(one if n == 1 else many, n=n)


def unknown_message(unknown: UnknownValue, language: str) -> str:
    """An unknown filter value and the closest valid values, in `language`."""
    t = translator(language)
    if unknown.display_name_of is not None:
        return t("source_display_name", value=unknown.value, id=unknown.display_name_of)
    text = t("unknown_" + unknown.field, value=unknown.value)
    if unknown.suggestions:
        shown = []
        for code in unknown.suggestions:
            if unknown.field == "language":
                shown.append(f"{code} ({language_name(code, language)})")
            elif unknown.field == "country":
                shown.append(f"{code} ({country_name(code, language)})")
            elif unknown.field == "topic":
                shown.append(f"{code} ({topic_label(code, language)})")
            elif unknown.field == "place" and unknown.labels:
                shown.append(f"{code} ({unknown.labels[unknown.suggestions.index(code)]})")
            else:
                shown.append(code)
        text += " " + t("did_you_mean", values=", ".join(shown))
    return text


def pick_language(request: Request) -> str:
    """The UI language: `?ui=` (`lang` is the search filter), then the `lang` cookie, then the browser."""
    for candidate in (request.query_params.get("ui"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    accepted = request.headers.get("accept-language", "").lower()
    for part in accepted.split(","):
        code = part.split(";")[0].strip()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def translator(language: str) -> Callable[..., str]:
    """`t(key, **values)`: the label in `language` (English when missing), formatted."""

    def t(key: str, **values: object) -> str:
        entry = LABELS.get(key)
        if entry is None:
            return key
        text = entry.get(language) or entry["en"]
        return text.format(**values) if values else text

    return t
