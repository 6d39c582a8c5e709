"""Country codes as GDELT writes them (FIPS 10-4, or English names in the DOC API) → ISO 3166-1.

FIPS 10-4 is not ISO: `VM` is Vietnam (ISO `VN`), `CH` China (ISO `CN`, while ISO `CH` is
Switzerland, FIPS `SZ`), `SN` Singapore (ISO `SG`; ISO `SN` is Senegal, FIPS `SG`). The table
lists every FIPS code whose ISO code differs; a FIPS code not listed is the same in ISO only when
it is in `SAME`.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# FIPS 10-4 → ISO 3166-1 alpha-2, where they differ.
DIFFERENT: dict[str, str] = {
    "AC": "AG", "AG": "DZ", "AJ": "AZ", "AN": "AD", "AQ": "AS", "AS": "AU", "AU": "AT", "AV": "AI",
    "AY": "AQ", "BA": "BH", "BC": "BW", "BD": "BM", "BF": "BS", "BG": "BD", "BH": "BZ", "BK": "BA",
    "BL": "BO", "BM": "MM", "BN": "BJ", "BO": "BY", "BP": "SB", "BU": "BG", "BX": "BN", "BY": "BI",
    "CB": "KH", "CD": "TD", "CE": "LK", "CF": "CG", "CG": "CD", "CH": "CN", "CI": "CL", "CJ": "KY",
    "CK": "CC", "CN": "KM", "CS": "CR", "CT": "CF", "DA": "DK", "DO": "DM", "DR": "DO", "EI": "IE",
    "EK": "GQ", "EN": "EE", "ES": "SV", "EZ": "CZ", "FG": "GF", "FP": "PF", "FS": "TF", "GA": "GM",
    "GB": "GA", "GG": "GE", "GJ": "GD", "GK": "GG", "GM": "DE", "GV": "GN", "GZ": "PS", "HA": "HT",
    "HO": "HN", "IC": "IS", "IM": "IM", "IV": "CI", "IZ": "IQ", "JA": "JP", "JE": "JE", "KN": "KP",
    "KR": "KI", "KS": "KR", "KT": "CX", "KU": "KW", "KV": "XK", "LE": "LB", "LG": "LV", "LH": "LT",
    "LI": "LR", "LO": "SK", "LS": "LI", "LT": "LS", "MA": "MG", "MB": "MQ", "MC": "MO", "MG": "MN",
    "MH": "MS", "MI": "MW", "MJ": "ME", "MN": "MC", "MO": "MA", "MP": "MU", "MU": "OM", "NE": "NU",
    "NG": "NE", "NH": "VU", "NI": "NG", "NN": "SX", "NS": "SR", "NU": "NI", "OD": "SS", "PA": "PY",
    "PM": "PA", "PO": "PT", "PP": "PG", "PS": "PW", "PU": "GW", "RB": "RS", "RI": "RS", "RM": "MH",
    "RN": "MF", "RP": "PH", "RQ": "PR", "RS": "RU", "SB": "PM", "SC": "KN", "SE": "SC", "SF": "ZA",
    "SG": "SN", "SN": "SG", "SP": "ES", "ST": "LC", "SU": "SD", "SV": "SJ", "SW": "SE", "SZ": "CH",
    "TB": "BL", "TD": "TT", "TI": "TJ", "TK": "TC", "TL": "TK", "TN": "TO", "TO": "TG", "TP": "ST",
    "TS": "TN", "TT": "TL", "TU": "TR", "TX": "TM", "UC": "CW", "UK": "GB", "UP": "UA", "UV": "BF",
    "VI": "VG", "VM": "VN", "VQ": "VI", "VT": "VA", "WA": "NA", "WE": "PS", "WI": "EH", "WZ": "SZ",
    "YM": "YE", "ZA": "ZM", "ZI": "ZW",
}  # fmt: skip
# FIPS codes written as in ISO.
SAME: frozenset[str] = frozenset({
    "AE", "AF", "AL", "AM", "AO", "AR", "BB", "BE", "BR", "BT", "CA", "CM", "CO", "CU", "CV", "CY",
    "DJ", "EC", "EG", "ER", "ET", "FI", "FJ", "FM", "FR", "GH", "GI", "GL", "GP", "GR", "GT", "GU",
    "GY", "HK", "HR", "HU", "ID", "IL", "IN", "IR", "IT", "JM", "JO", "KE", "KG", "KZ", "LA", "LU",
    "LY", "MD", "MK", "ML", "MR", "MT", "MV", "MX", "MY", "MZ", "NC", "NL", "NO", "NP", "NR", "NZ",
    "PE", "PK", "PL", "QA", "RE", "RO", "RW", "SA", "SI", "SL", "SM", "SO", "SY", "TH", "TV", "TW",
    "TZ", "UG", "US", "UY", "UZ", "VC", "VE", "WS",
}) - frozenset(DIFFERENT)  # fmt: skip


def fips_to_iso(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a FIPS 10-4 country code (`VM` → `VN`), or None."""
    code = code.strip().upper()
    return DIFFERENT.get(code) or (code if code in SAME else None)


@lru_cache(maxsize=512)
def country_from_gdelt(value: str) -> str | None:
    """A GDELT source country — a FIPS code, or an English country name as the DOC API writes
    it ("United States", "Vietnam") — as an ISO 3166-1 alpha-2 code, or None when unknown."""
    value = value.strip()
    if len(value) == 2:
        return fips_to_iso(value)
    if not value:
        return None
    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        try:
            return str(pycountry.countries.search_fuzzy(value)[0].alpha_2)
        except LookupError:
            return None


def country_of_host(host: str) -> str | None:
    """The country of a country-code top-level domain (`lemonde.fr` → FR, `bbc.co.uk` → GB)."""
    tld = host.lower().rstrip(".").rsplit(".", 1)[-1]
    if len(tld) != 2 or not tld.isalpha():
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if pycountry.countries.get(alpha_2=code) is not None else None


@lru_cache(maxsize=256)
def language_from_gdelt(value: str) -> str | None:
    """A DOC API language ("English", "Vietnamese") as an ISO 639-1 code, or None."""
    value = value.strip()
    if not value:
        return None
    try:
        found = pycountry.languages.lookup(value)
    except LookupError:
        return None
    return getattr(found, "alpha_2", None)
