"""Vietnamese and English labels of the exports, and language/country names in either language."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

UI_LANGS = ("vi", "en", "both")

# key → (Vietnamese, English)
_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Báo chí nước ngoài viết về Việt Nam", "Foreign press on Vietnam"),
    "week": ("Tuần", "Week"),
    "generated": ("Tạo lúc", "Generated"),
    "filters": ("Bộ lọc", "Filters"),
    "no_filters": ("không có (tất cả bài)", "none (all articles)"),
    "totals": ("Tổng quan", "Totals"),
    "articles": ("Bài viết", "Articles"),
    "outlets": ("Cơ quan báo chí", "Outlets"),
    "countries": ("Quốc gia", "Countries"),
    "languages": ("Ngôn ngữ", "Languages"),
    "stories": ("Tin (cụm)", "Stories (clusters)"),
    "previous_week": ("Tuần trước", "Previous week"),
    "change": ("Thay đổi", "Change"),
    "new": ("mới", "new"),
    "daily_volume": ("Số bài theo ngày", "Articles per day"),
    "by_language": ("Theo ngôn ngữ", "By language"),
    "by_country": ("Theo quốc gia", "By country"),
    "by_outlet": ("Theo cơ quan báo chí", "By outlet"),
    "top_syndicated": ("Tin được đăng lại nhiều nhất", "Most syndicated stories"),
    "top_relevant": ("Bài liên quan nhất", "Most relevant articles"),
    "new_outlets": ("Cơ quan báo chí mới trong tuần", "New outlets this week"),
    "new_outlets_note": (
        "không có bài nào trong 4 tuần trước",
        "no articles in the previous 4 weeks",
    ),
    "none": ("Không có", "None"),
    "top_relevant_note": (
        "Xếp theo điểm liên quan; bài cùng điểm xếp theo vị trí nhắc đến Việt Nam (tiêu đề, đoạn mở đầu, "
        "nhắc qua), rồi số cơ quan báo chí đăng tin, rồi bài mới hơn trước.",
        "Ordered by relevance score; equal scores by where Vietnam is named (headline, lead, in passing), "
        "then by how many outlets carry the story, then newest first.",
    ),
    "prominence_title": ("trong tiêu đề", "in the headline"),
    "prominence_lead": ("trong đoạn mở đầu", "in the lead"),
    "prominence_passing": ("nhắc qua", "in passing"),
    "prominence_none": ("không nêu tên", "not named"),
    "archived": ("bản lưu", "archived copy"),
    "filtered_report": ("Báo cáo có bộ lọc", "Filtered report"),
    "filtered_note": (
        "Báo cáo này chỉ gồm các bài khớp bộ lọc trên; báo cáo đầy đủ của tuần nằm trong thư mục riêng.",
        "This report holds only the articles matching the filter above; the week's full report is kept "
        "in its own folder.",
    ),
    "all_articles": ("Tất cả bài viết", "All articles"),
    "whats_new": ("Có gì mới", "What is new"),
    "whats_new_note": (
        "Những từ nổi bật trong các bài đăng tuần này (mọi bài, không theo bộ lọc) so với 8 tuần trước, "
        "theo từng ngôn ngữ; số trong ngoặc: số bài tuần này / 8 tuần trước.",
        "Words that stand out in this week's articles (all articles, not the filter) against the 8 weeks "
        "before, per language; in brackets: articles this week / in the 8 weeks before.",
    ),
    "example_articles": ("Bài ví dụ", "Example articles"),
    "word": ("Từ", "Word"),
    "share": ("Tỷ lệ", "Share"),
    "published": ("Ngày đăng", "Published"),
    "outlet": ("Cơ quan báo chí", "Outlet"),
    "source_id": ("Mã nguồn", "Source id"),
    "country": ("Quốc gia", "Country"),
    "language": ("Ngôn ngữ", "Language"),
    "headline": ("Tiêu đề", "Title"),
    "url": ("Đường dẫn", "URL"),
    "snippet": ("Đoạn nhắc đến Việt Nam", "Passage on Vietnam"),
    "archive_url": ("Bản lưu trong vnmon", "Archived copy in vnmon"),
    "prominence": ("Mức nổi bật", "Prominence"),
    "relevance": ("Mức liên quan", "Relevance"),
    "matched_terms": ("Từ khóa khớp", "Matched terms"),
    "places": ("Địa danh", "Places"),
    "topics": ("Chủ đề", "Topics"),
    "found_via": ("Tìm thấy qua", "Found via"),
    "gdelt_tone": ("Sắc thái (GDELT)", "Tone (GDELT)"),
    "gdelt_locations": ("Địa điểm (GDELT)", "Locations (GDELT)"),
    "province": ("Tỉnh, thành phố", "Province or city"),
    "topic": ("Chủ đề", "Topic"),
    "by_province": ("Theo tỉnh, thành phố", "By province"),
    "by_province_note": (
        "Số bài nêu tên tỉnh, thành phố (theo 34 đơn vị hành chính hiện nay; tên tỉnh cũ và địa danh "
        "được tính vào đơn vị hiện nay), tỷ lệ trên tổng số bài của tuần, và so với tuần trước. "
        "Một bài có thể nêu nhiều tỉnh.",
        "Articles naming each province or centrally-run city (the 34 current units; former provinces "
        "and places count for the unit they are now part of), their share of the week's articles, and "
        "the change from the previous week. An article may name several.",
    ),
    "by_topic_note": (
        "Tỷ lệ bài của tuần thuộc từng chủ đề và so với tuần trước. Một bài có thể thuộc nhiều chủ đề.",
        "Share of the week's articles on each topic, and the change from the previous week. An article "
        "may have several topics.",
    ),
    "tagged_articles": (
        "{tagged} trong {total} bài nêu tên ít nhất một tỉnh, thành phố.",
        "{tagged} of {total} articles name at least one province or city.",
    ),
    "topical_articles": (
        "{tagged} trong {total} bài thuộc ít nhất một chủ đề.",
        "{tagged} of {total} articles have at least one topic.",
    ),
    "previous_share": ("Tỷ lệ tuần trước", "Previous share"),
    "cluster_id": ("Mã cụm tin", "Cluster id"),
    "copies": ("Số bản", "Copies"),
    "article_id": ("Mã bài", "Article id"),
    "full_text": ("Toàn văn", "Full text"),
    "first_published": ("Bài đầu tiên", "First published"),
    "last_published": ("Bài cuối cùng", "Last published"),
    "mean_relevance": ("Liên quan trung bình", "Mean relevance"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "period": ("Khoảng thời gian", "Period"),
    "time_zone": ("Múi giờ", "Time zone"),
    "page": ("Trang", "Page"),
    "empty_week": ("Không có bài nào trong tuần này.", "No articles this week."),
    "report_subject": ("Báo cáo tuần", "Weekly report"),
    "table_truncated": (
        "{shown} bài liên quan nhất trong tổng số {total} bài; danh sách đầy đủ trong tệp XLSX/CSV.",
        "The {shown} most relevant of {total} articles; the full list is in the XLSX/CSV.",
    ),
    "too_large": (
        "Quá lớn để gửi kèm, hãy tải về từ trang Báo cáo tuần",
        "Too large to attach, download from the Weekly exports page",
    ),
    "attached": (
        "Báo cáo đầy đủ (PDF, HTML) và bảng tính (XLSX) được đính kèm.",
        "The full report (PDF, HTML) and the spreadsheet (XLSX) are attached.",
    ),
}


_DAYS = (
    ("T2", "Mon"),
    ("T3", "Tue"),
    ("T4", "Wed"),
    ("T5", "Thu"),
    ("T6", "Fri"),
    ("T7", "Sat"),
    ("CN", "Sun"),
)


class Labels:
    """Label lookup for one UI language: `vi`, `en`, or `both` ("Vietnamese / English")."""

    def __init__(self, ui_lang: str = "both") -> None:
        if ui_lang not in UI_LANGS:
            raise ValueError(f"ui language {ui_lang!r} must be one of {', '.join(UI_LANGS)}")
        self.ui_lang = ui_lang

    def __call__(self, key: str) -> str:
        vi, en = _LABELS[key]
        if self.ui_lang == "vi":
            return vi
        if self.ui_lang == "en":
            return en
        return f"{vi} / {en}"

    def short(self, key: str) -> str:
        """One language only (the first of `both`): for sheet names and narrow headers."""
        vi, en = _LABELS[key]
        return en if self.ui_lang == "en" else vi

    def day_name(self, weekday: int) -> str:
        """Short name of a weekday (0 = Monday)."""
        vi, en = _DAYS[weekday]
        return {"vi": vi, "en": en}.get(self.ui_lang, f"{vi} {en}")

    @property
    def html_lang(self) -> str:
        return "en" if self.ui_lang == "en" else "vi"

    def language_name(self, code: str) -> str:
        return _name("iso639-3", _language_en(code), self.ui_lang) or code

    def country_name(self, code: str) -> str:
        return _name("iso3166-1", _country_en(code), self.ui_lang) or code


def _language_en(code: str) -> str | None:
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return found.name if found else None


def _country_en(code: str) -> str | None:
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return getattr(found, "common_name", None) or (found.name if found else None)


@lru_cache(maxsize=4)
def _vietnamese(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["vi"], fallback=True)


def _name(domain: str, english: str | None, ui_lang: str) -> str | None:
    if english is None:
        return None
    vi = _vietnamese(domain).gettext(english)
    if ui_lang == "en" or vi == english:
        return english
    return vi if ui_lang == "vi" else f"{vi} / {english}"
