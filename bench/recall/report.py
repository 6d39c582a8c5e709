"""What became of each case (kept or not, language tag, why) and the tables that count it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from bench.recall.cases import Case
from bench.recall.pages import DECOYS, KEEP


@dataclass(frozen=True)
class Outcome:
    """One case's verdict: kept (indexed), the language tag given, the reason, and whether the
    stored body holds the ground truth's first paragraph (None when not kept)."""

    set: str
    page_id: str
    kind: str
    placement: str
    language: str
    page_language: str
    should_keep: bool
    kept: bool
    tag: str | None
    reason: str
    first_paragraph_kept: bool | None

    @property
    def right(self) -> bool:
        return self.kept == self.should_keep

    @property
    def right_language(self) -> bool:
        """The tag matches the page's language (morphology cases are English pages)."""
        return self.tag == self.page_language

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, case: Case, kept: bool, tag: str | None, reason: str, first: bool | None) -> Outcome:
        return cls(
            case.set,
            case.page_id,
            case.kind,
            case.placement,
            case.language,
            case.page_language,
            case.should_keep,
            kept,
            tag,
            reason,
            first,
        )


def _fraction(part: int, whole: int) -> str:
    return f"{part} / {whole}" + (f" ({100 * part / whole:.0f}%)" if whole else "")


def _grouped(outcomes: Iterable[Outcome], key: Callable[[Outcome], str]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    return groups


def _order(placement: str) -> int:
    return (KEEP + DECOYS).index(placement) if placement in KEEP + DECOYS else 99


def placement_table(outcomes: list[Outcome]) -> str:
    rows = [
        "| set | placement | kept / should keep | right language (of kept) | wrongly kept |",
        "|---|---|---|---|---|",
    ]
    chosen = [o for o in outcomes if o.kind in ("page", "decoy")]
    groups = _grouped(chosen, lambda o: f"{o.set}\t{o.placement}")
    for name in sorted(groups, key=lambda n: (n.split("\t")[0], _order(n.split("\t")[1]))):
        group = groups[name]
        set_name, placement = name.split("\t")
        kept = [o for o in group if o.kept]
        if placement in DECOYS:
            rows.append(f"| {set_name} | {placement} (decoy) | — | — | {_fraction(len(kept), len(group))} |")
        else:
            right = sum(o.right_language for o in kept)
            rows.append(
                f"| {set_name} | {placement} | {_fraction(len(kept), len(group))} | "
                f"{_fraction(right, len(kept))} | — |"
            )
    return "\n".join(rows)


def language_table(outcomes: list[Outcome], kind: str) -> str:
    """Kept / should keep per language: of the page (`page`) or of the paragraph (`morphology`)."""
    header = "page language" if kind == "page" else "paragraph language (English pages, opening)"
    rows = [f"| {header} | kept / should keep | right language (of kept) |", "|---|---|---|"]
    chosen = [o for o in outcomes if o.kind == kind]
    groups = _grouped(chosen, lambda o: o.language if kind == "morphology" else f"{o.set}/{o.page_language}")
    for name in sorted(groups):
        group = groups[name]
        kept = [o for o in group if o.kept]
        language = "—" if kind == "morphology" else _fraction(sum(o.right_language for o in kept), len(kept))
        rows.append(f"| {name} | {_fraction(len(kept), len(group))} | {language} |")
    return "\n".join(rows)


def first_paragraph_line(outcomes: list[Outcome]) -> str:
    parts = []
    for set_name, group in sorted(_grouped(outcomes, lambda o: o.set).items()):
        stored = [o for o in group if o.kind == "page" and o.kept and o.first_paragraph_kept is not None]
        held = sum(bool(o.first_paragraph_kept) for o in stored)
        parts.append(f"{set_name}: {_fraction(held, len(stored))} of the kept pages")
    return "First paragraph of the ground truth in the stored body: " + "; ".join(parts)


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    keep = [o for o in outcomes if o.should_keep and o.kind == "page"]
    morphology = [o for o in outcomes if o.kind == "morphology"]
    decoys = [o for o in outcomes if o.kind == "decoy"]
    kept = [o for o in keep if o.kept]
    stored = [o for o in kept if o.first_paragraph_kept is not None]
    return {
        "should_keep": len(keep),
        "kept": len(kept),
        "right_language": sum(o.right_language for o in kept),
        "morphology_should_keep": len(morphology),
        "morphology_kept": sum(o.kept for o in morphology),
        "decoys": len(decoys),
        "wrongly_kept": sum(o.kept for o in decoys),
        "first_paragraph_kept": sum(bool(o.first_paragraph_kept) for o in stored),
        "first_paragraph_of": len(stored),
    }


def misses(outcomes: list[Outcome]) -> list[str]:
    """One line per wrong verdict or wrong language tag."""
    lines = []
    for o in sorted(outcomes, key=lambda o: (o.set, o.kind, _order(o.placement), o.language, o.page_id)):
        if not o.right:
            what = "wrongly kept" if o.kept else "missed"
        elif o.kept and o.kind == "page" and not o.right_language:
            what = f"tagged {o.tag}, page is {o.page_language}"
        else:
            continue
        lines.append(f"- {what}: {o.set} {o.page_id[:16]} {o.kind}/{o.placement} [{o.language}] — {o.reason}")
    return lines


def markdown(outcomes: list[Outcome], title: str) -> str:
    total = summary(outcomes)
    head = (
        f"## {title}\n\n"
        f"Should keep (paragraph in the page's language): {_fraction(total['kept'], total['should_keep'])} "
        f"kept, right language on {total['right_language']}; morphology variants: "
        f"{_fraction(total['morphology_kept'], total['morphology_should_keep'])}; decoys wrongly kept: "
        f"{total['wrongly_kept']} / {total['decoys']}.\n\n{first_paragraph_line(outcomes)}.\n"
    )
    listed = misses(outcomes)
    return "\n\n".join(
        [
            head,
            placement_table(outcomes),
            language_table(outcomes, "page"),
            language_table(outcomes, "morphology"),
            f"### Misses ({len(listed)})\n\n" + ("\n".join(listed) or "none"),
        ]
    )
