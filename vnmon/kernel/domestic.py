"""Which outlets are Vietnamese (domestic press, not foreign coverage): config/domestic.yaml.

An outlet is domestic when its host is under `.vn`, when GDELT gives Vietnam as its source
country, or when its registrable domain is in the curated list of Vietnamese outlets on generic
top-level domains (vnexpress.net, baomoi.com). Outlets abroad writing in Vietnamese (BBC Tiếng
Việt, VOA, RFA, RFI) are foreign: they are on no list and not under `.vn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from vnmon.kernel.configfiles import config_file, read_mapping
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings

VIETNAM = "VN"  # ISO 3166-1 alpha-2
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})+$")
_FIELDS = {"domain", "name", "note"}


class DomesticError(VnmonError, ValueError):
    """The domestic outlets file is not valid; the message names the file, entry and field."""


@dataclass(frozen=True)
class DomesticOutlet:
    domain: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class DomesticOutlets:
    """The curated Vietnamese outlets on generic top-level domains, from `source`."""

    outlets: tuple[DomesticOutlet, ...]
    source: Path

    @cached_property
    def domains(self) -> frozenset[str]:
        return frozenset(o.domain for o in self.outlets)

    def listed(self, host: str) -> str | None:
        """The listed domain `host` is or is under (`e.vnexpress.net` → `vnexpress.net`), else None."""
        domains = self.domains
        host = host.lower().rstrip(".")
        while "." in host:
            if host in domains:
                return host
            host = host.split(".", 1)[1]
        return None


def default_domestic_path() -> Path:
    """`VNMON_DOMESTIC_DOMAINS` if set, else config/domestic.yaml (or the packaged copy)."""
    return config_file(get_settings().domestic_domains, "domestic.yaml")


def load_domestic(path: Path | None = None) -> DomesticOutlets:
    """Read and validate a domestic outlets file (default: `default_domestic_path()`)."""
    path = Path(path) if path is not None else default_domestic_path()
    document = read_mapping(path, "domestic outlets", DomesticError)
    unknown = set(document) - {"domains"}
    if unknown:
        raise DomesticError(f"{path}: unknown top-level field(s) {', '.join(sorted(unknown))}")
    entries = document.get("domains")
    if not isinstance(entries, list):
        raise DomesticError(f"{path}: expected a 'domains' list")
    outlets: list[DomesticOutlet] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        outlet = _outlet(f"{path}: domains[{number}]", entry)
        if outlet.domain in seen:
            raise DomesticError(f"{path}: domains[{number}]: {outlet.domain} is listed twice")
        seen.add(outlet.domain)
        outlets.append(outlet)
    return DomesticOutlets(tuple(outlets), path)


def _outlet(where: str, entry: object) -> DomesticOutlet:
    if not isinstance(entry, dict):
        raise DomesticError(f"{where}: expected a mapping with domain and name, got {entry!r}")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise DomesticError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    domain, name, note = entry.get("domain"), entry.get("name"), entry.get("note", "")
    if not isinstance(domain, str) or not _DOMAIN.match(domain):
        raise DomesticError(
            f"{where}: domain: {domain!r} is not a lowercase domain name (e.g. vnexpress.net)"
        )
    if domain.endswith(".vn"):
        raise DomesticError(f"{where}: domain: {domain} is under .vn, domestic already: remove it")
    if not isinstance(name, str) or not name.strip():
        raise DomesticError(f"{where}: name: the outlet's name is required")
    if not isinstance(note, str):
        raise DomesticError(f"{where}: note: expected text, got {note!r}")
    return DomesticOutlet(domain, name.strip(), note.strip())


@lru_cache(maxsize=1)
def _default() -> DomesticOutlets:
    return load_domestic()


def is_domestic_outlet(host: str, source_name: str = "", country: str | None = None) -> bool:
    """Whether an outlet is Vietnamese: GDELT's source country (ISO) is Vietnam, or its host or
    GDELT source name is under `.vn` or a domain of the domestic outlets file."""
    if country == VIETNAM:
        return True
    names = [n.lower().rstrip(".") for n in (host, source_name) if n]
    if any(n.endswith(".vn") for n in names):
        return True
    listed = _default()
    return any(listed.listed(n) for n in names)
