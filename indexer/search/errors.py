"""Errors of the read side: a query that cannot be run, an article that is not there."""

from __future__ import annotations

from dataclasses import dataclass

from vnmon.kernel.errors import VnmonError


class SearchError(VnmonError):
    """A search cannot be run (the message says why and what to change)."""


class SearchQueryError(SearchError, ValueError):
    """The query text, a filter or a cursor is malformed or too large (the message names the
    problem and, for query text, its position counting from 1)."""


class ArticleNotFoundError(SearchError):
    """No article with the requested id under the articles alias."""


@dataclass(frozen=True)
class UnknownValue:
    """One filter value nothing matches, with the closest valid values (codes or ids)."""

    field: str  # language, source, country, place or topic
    value: str
    suggestions: tuple[str, ...]
    display_name_of: str | None = None  # the source id whose display name `value` is
    labels: tuple[str, ...] = ()  # a readable name of each suggestion ("" when none)

    def message(self) -> str:
        if self.display_name_of is not None:
            return (
                f"{self.value!r} is the name of a source, not its id: "
                f"filter with source:{self.display_name_of}"
            )
        shown = [
            f"{code} ({label})" if label and label != code else code
            for code, label in zip(self.suggestions, self.labels or ("",) * 9, strict=False)
        ]
        hint = f"; did you mean {', '.join(shown)}?" if shown else ""
        return f"unknown {self.field} {self.value!r}{hint}"


class UnknownFilterError(SearchQueryError):
    """Filter values that match nothing because they are not valid values at all."""

    def __init__(self, unknown: list[UnknownValue]) -> None:
        self.unknown = unknown
        super().__init__("; ".join(u.message() for u in unknown))
