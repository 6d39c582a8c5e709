"""Post-filters for an extracted body: drop a repeated headline and boilerplate lines."""

from __future__ import annotations

import re

# Short lines that are site furniture in any news template: calls to share, follow,
# subscribe, read related items, and legal footers. Anchored at the line start so
# that a sentence merely mentioning a newsletter is kept.
_BOILERPLATE_START = re.compile(
    r"^\W*(?:"
    r"follow (?:us|\w+(?: \w+){0,3}) on (?:twitter|facebook|instagram|linkedin)"
    r"|follow \S+ (?:full )?coverage\b"
    r"|subscribe (?:to|for|now)\b|sign up (?:for|to) our\b|get the latest\b"
    r"|get (?:our|the) \w+ newsletter|newsletter sign[- ]?up|join our newsletter"
    r"|if you (?:enjoyed|liked|value) (?:this|our) (?:article|story|post|journalism)"
    r"|tell us what you think|share (?:this|on)\b|advertisement\s*$"
    r"|filed under\s*:|copyright\b|\(c\)\s|all rights reserved|have a (?:news )?tip\b"
    r"|this (?:article|story) (?:was|has been) (?:updated|corrected)"
    r"|comments?\s*$|leave a (?:comment|reply)|post a comment"
    r"|reading time\b|\d+ min(?:ute)?s? read\b|tempo de leitura|tiempo de lectura"
    r"|temps de lecture|lesezeit\b"
    r")",
    re.IGNORECASE,
)
# Headers that introduce a list of links to other articles; the list goes with them.
_LINK_LIST_HEADER = re.compile(
    r"^\W*(?:"
    r"related(?: articles?| stories| coverage| content| news| posts?| reading| links?)?\s*:"
    r"|see (?:also|more)\b|read (?:more|also|next)\b|more\s*:|also\s*:|also read\b"
    r"|recommended\b|don'?t miss\b|must read\b|trending\b|most (?:popular|read)\b"
    r"|you (?:may|might) also like\b|more (?:from|on) \w+\s*:?$"
    r")",
    re.IGNORECASE,
)
_COPYRIGHT_ANYWHERE = re.compile(r"©|\ball rights reserved\b", re.IGNORECASE)
_NEWSLETTER_PITCH = re.compile(
    r"\bnewsletters?\b.*\b(?:inbox|subscrib\w*|sign up|delivered)\b"
    r"|\b(?:inbox|subscrib\w*|sign up|delivered)\b.*\bnewsletters?\b",
    re.IGNORECASE,
)
_NEWSLETTER_TITLE = re.compile(r"^[\w' ]{0,40}\bnewsletter\s*$", re.IGNORECASE)
# "5:45 AM PST 11/19/2019 by ..." or "sexta-feira, 22 de outubro de 2010 às 20:13".
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_DATE_PART = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}/\d{1,2}\b")
_TIMESTAMP_START = re.compile(r"^\W*(?:updated|last updated|published|posted)\b", re.I)
# Unrendered WordPress shortcodes: "[button link=...]Send us...[/button]".
_SHORTCODE = re.compile(r"\[\w+(?:\s+\w+=[^\]]*)?\].*\[/\w+\]")
# Social plugins append their call to action to the quoted sentence.
_TRAILING_CTA = re.compile(r"\s*Click To Tweet\s*$", re.IGNORECASE)
# Longer lines are prose even when they start like furniture.
_MAX_BOILERPLATE_CHARS = 220
_MAX_NEWSLETTER_PITCH_CHARS = 160
_MAX_DATELINE_WORDS = 12
# A line in a link list: a bullet, or a short headline without sentence punctuation.
_MAX_LINK_LINE_WORDS = 16
_MIN_HEADLINE_LIST_ITEMS = 2
# Share of capitalised words that marks an English-style headline ("15 Amazing Images of Stars").
_HEADLINE_CAPITALISED_SHARE = 0.6
_WORD = re.compile(r"\w+")
# How similar (shared words / larger vocabulary) a first line must be to the title.
_TITLE_SIMILARITY = 0.75


def clean_body(body: str, title: str | None = None) -> str:
    """Remove a leading headline repeat and boilerplate lines; keep everything else as is."""
    lines = [_TRAILING_CTA.sub("", line.strip()) for line in body.splitlines()]
    lines = [line for line in lines if line]
    lines = _drop_leading_title(lines, title)
    lines = _drop_trailing_headline_list(_drop_boilerplate(lines))
    return "\n".join(lines)


def is_boilerplate(line: str) -> bool:
    """Whether one body line is site furniture rather than article text."""
    if len(line) > _MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE_START.search(line) or _LINK_LIST_HEADER.search(line):
        return True
    if _SHORTCODE.search(line) or _NEWSLETTER_TITLE.search(line):
        return True
    if len(line) <= _MAX_NEWSLETTER_PITCH_CHARS and _NEWSLETTER_PITCH.search(line):
        return True
    if _is_dateline(line):
        return True
    return bool(_COPYRIGHT_ANYWHERE.search(line)) and len(line) < 120


def _is_dateline(line: str) -> bool:
    """A short line that is only a publication/update timestamp (and maybe a byline)."""
    if len(line.split()) > _MAX_DATELINE_WORDS:
        return False
    if _TIMESTAMP_START.search(line) and any(ch.isdigit() for ch in line):
        return True
    return bool(_CLOCK.search(line) and _DATE_PART.search(line))


def _drop_boilerplate(lines: list[str]) -> list[str]:
    kept: list[str] = []
    in_link_list = False
    for line in lines:
        if in_link_list and _is_link_list_item(line):
            continue
        in_link_list = bool(_LINK_LIST_HEADER.search(line)) and len(line) <= _MAX_BOILERPLATE_CHARS
        if not is_boilerplate(line):
            kept.append(line)
    return kept


def _is_link_list_item(line: str) -> bool:
    if line.startswith(("- ", "* ", "• ")):
        return True
    return len(line.split()) <= _MAX_LINK_LINE_WORDS and not line.endswith((".", "!", "?", ":"))


def _drop_trailing_headline_list(lines: list[str]) -> list[str]:
    """A bullet list of Title Case headlines closing the body links to other articles.

    One short closing line after the list ("Originally published on ...") is kept.
    """
    end = len(lines)
    if end and not lines[-1].startswith("- ") and len(lines[-1].split()) <= _MAX_LINK_LINE_WORDS:
        end -= 1
    start = end
    while start > 0 and _is_headline_bullet(lines[start - 1]):
        start -= 1
    if end - start < _MIN_HEADLINE_LIST_ITEMS or start == 0:
        return lines
    return lines[:start] + lines[end:]


def _is_headline_bullet(line: str) -> bool:
    if not line.startswith("- ") or line.endswith((".", "!", "?", ":", ";", ",")):
        return False
    words = [w for w in line[2:].split() if w[:1].isalpha()]
    if not words or len(line.split()) > _MAX_LINK_LINE_WORDS:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= _HEADLINE_CAPITALISED_SHARE * len(words)


def _drop_leading_title(lines: list[str], title: str | None) -> list[str]:
    """Extractors often keep the <h1> (or a variant of it); the body starts after it."""
    if not title or not lines:
        return lines
    title_words = set(_WORD.findall(title.lower()))
    if not title_words:
        return lines
    for index, line in enumerate(lines[:3]):
        line_words = set(_WORD.findall(line.lower()))
        shared = len(title_words & line_words) / max(len(title_words), len(line_words))
        if shared >= _TITLE_SIMILARITY:
            return lines[:index] + lines[index + 1 :]
    return lines
