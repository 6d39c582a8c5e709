"""Post-filters for an extracted body: drop a repeated headline and boilerplate lines."""

from __future__ import annotations

import re

# Short lines that are site furniture in any news template: calls to share, follow,
# subscribe, read related items, and legal footers. Anchored at the line start so
# that a sentence merely mentioning a newsletter is kept.
_BOILERPLATE_START = re.compile(
    r"^\W*(?:"
    r"related(?: articles?| stories| coverage| content| news| posts?| reading| links?)?\s*:"
    r"|see (?:also|more)\s*:|read (?:more|also|next)\s*:|more\s*:|also read\s*:|recommended\s*:"
    r"|don'?t miss\b|must read\b|trending\b|most popular\b|you (?:may|might) also like\b"
    r"|follow (?:us|\w+(?: \w+){0,3}) on (?:twitter|facebook|instagram|linkedin)"
    r"|subscribe (?:to|for|now)\b|sign up (?:for|to) our\b|get the latest\b"
    r"|get (?:our|the) \w+ newsletter|newsletter sign[- ]?up|join our newsletter"
    r"|tell us what you think|share (?:this|on)\b|advertisement\s*$"
    r"|filed under\s*:|copyright\b|\(c\)\s|all rights reserved|have a (?:news )?tip\b"
    r"|this (?:article|story) (?:was|has been) (?:updated|corrected)"
    r"|comments?\s*$|leave a (?:comment|reply)|post a comment"
    r")",
    re.IGNORECASE,
)
_COPYRIGHT_ANYWHERE = re.compile(r"©|\ball rights reserved\b", re.IGNORECASE)
# Longer lines are prose even when they start like furniture.
_MAX_BOILERPLATE_CHARS = 220
_WORD = re.compile(r"\w+")


def clean_body(body: str, title: str | None = None) -> str:
    """Remove a leading headline repeat and boilerplate lines; keep everything else as is."""
    lines = [line.strip() for line in body.splitlines()]
    lines = [line for line in lines if line]
    lines = _drop_leading_title(lines, title)
    lines = [line for line in lines if not is_boilerplate(line)]
    return "\n".join(lines)


def is_boilerplate(line: str) -> bool:
    """Whether one body line is site furniture rather than article text."""
    if len(line) > _MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE_START.search(line):
        return True
    return bool(_COPYRIGHT_ANYWHERE.search(line)) and len(line) < 120


def _drop_leading_title(lines: list[str], title: str | None) -> list[str]:
    """Extractors often keep the <h1>; the body should start after it."""
    if not title or not lines:
        return lines
    title_words = _WORD.findall(title.lower())
    for index, line in enumerate(lines[:3]):
        if _WORD.findall(line.lower()) == title_words:
            return lines[:index] + lines[index + 1 :]
    return lines
