"""Names of places, states, organisations and people, mapped to FACTS.md codes.

pycountry supplies country names; the tables here hold what no library knows: demonyms,
capitals and metonyms, armed groups, operations and missions, and leaders' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Host countries the dashboard covers.
SAHEL = frozenset({"MLI", "NER", "BFA", "TCD", "MRT", "SEN"})
ORGANISATIONS = frozenset({"UN", "EU", "ECOWAS", "G5S", "AES", "WAGNER", "AFRICA_CORPS"})
# Organisations that Sahel states join and leave (the host is the member, not a location).
MEMBERSHIP_ORGS = frozenset({"ECOWAS", "G5S", "AES"})

# kind: how the name refers to its code; it decides whether a mention can be an actor.
DEMONYMS: dict[str, str] = {
    "Malian": "MLI",
    "Malians": "MLI",
    "Nigerien": "NER",
    "Nigeriens": "NER",
    "Burkinabe": "BFA",
    "Burkinabè": "BFA",
    "Chadian": "TCD",
    "Chadians": "TCD",
    "Mauritanian": "MRT",
    "Senegalese": "SEN",
    "French": "FRA",
    "American": "USA",
    "Americans": "USA",
    "US": "USA",
    "U.S.": "USA",
    "Russian": "RUS",
    "Russians": "RUS",
    "German": "DEU",
    "Italian": "ITA",
    "British": "GBR",
    "Hungarian": "HUN",
    "Turkish": "TUR",
    "Chinese": "CHN",
    "Iranian": "IRN",
    "Emirati": "ARE",
    "Danish": "DNK",
    "Swedish": "SWE",
    "Estonian": "EST",
    "Czech": "CZE",
    "Ivorian": "CIV",
    "Nigerian": "NGA",
    "Nigerians": "NGA",
    "Canadian": "CAN",
    "Spanish": "ESP",
    "Belgian": "BEL",
    "Dutch": "NLD",
    "Portuguese": "PRT",
    "Ghanaian": "GHA",
    "Togolese": "TGO",
    "Beninese": "BEN",
    "Algerian": "DZA",
    "Moroccan": "MAR",
    "Libyan": "LBY",
    "Sudanese": "SDN",
    "Rwandan": "RWA",
    "Saudi": "SAU",
    "Qatari": "QAT",
    "Israeli": "ISR",
    "Indian": "IND",
    "Pakistani": "PAK",
    "Ukrainian": "UKR",
    "Gabonese": "GAB",
    "Guinean": "GIN",
    "Cameroonian": "CMR",
}
CAPITALS: dict[str, str] = {
    "Bamako": "MLI",
    "Niamey": "NER",
    "Ouagadougou": "BFA",
    "N'Djamena": "TCD",
    "N’Djamena": "TCD",
    "Ndjamena": "TCD",
    "Nouakchott": "MRT",
    "Dakar": "SEN",
    "Paris": "FRA",
    "Washington": "USA",
    "Moscow": "RUS",
    "Berlin": "DEU",
    "Rome": "ITA",
    "London": "GBR",
    "Budapest": "HUN",
    "Ankara": "TUR",
    "Beijing": "CHN",
    "Tehran": "IRN",
    "Abu Dhabi": "ARE",
    "Copenhagen": "DNK",
    "Stockholm": "SWE",
    "Tallinn": "EST",
    "Prague": "CZE",
    "Abidjan": "CIV",
    "Abuja": "NGA",
    "Madrid": "ESP",
    "Brussels": "EU",
    "Ottawa": "CAN",
    "Accra": "GHA",
    "Algiers": "DZA",
    "Rabat": "MAR",
    "Tripoli": "LBY",
}
# Seats of power standing for their state ("the Kremlin said").
METONYMS: dict[str, str] = {
    "Kremlin": "RUS",
    "Pentagon": "USA",
    "White House": "USA",
    "State Department": "USA",
    "Elysee": "FRA",
    "Élysée": "FRA",
    "Elysée": "FRA",
    "Quai d'Orsay": "FRA",
    "Africa Command": "USA",
    "AFRICOM": "USA",
    "SOCAFRICA": "USA",
    "Bundeswehr": "DEU",
}
# Towns and bases inside host countries: they place an event in that host.
PLACES: dict[str, str] = {
    "Gao": "MLI",
    "Kidal": "MLI",
    "Timbuktu": "MLI",
    "Tombouctou": "MLI",
    "Tessalit": "MLI",
    "Menaka": "MLI",
    "Ménaka": "MLI",
    "Mopti": "MLI",
    "Sevare": "MLI",
    "Konna": "MLI",
    "Koulikoro": "MLI",
    "Kati": "MLI",
    "Moura": "MLI",
    "Segou": "MLI",
    "Agadez": "NER",
    "Ouallam": "NER",
    "Ayorou": "NER",
    "Tillaberi": "NER",
    "Diffa": "NER",
    "Dirkou": "NER",
    "Madama": "NER",
    "Tongo Tongo": "NER",
    "Kamboinsin": "BFA",
    "Bobo-Dioulasso": "BFA",
    "Djibo": "BFA",
    "Faya-Largeau": "TCD",
    "Faya": "TCD",
    "Abeche": "TCD",
    "Abéché": "TCD",
    "Atar": "MRT",
    "Kaedi": "MRT",
    "Thies": "SEN",
    "Ouakam": "SEN",
    # Natural features named after a host: not the host itself.
    "Lake Chad": "",
    "Lake Chad Basin": "",
}
# Armed groups, missions and operations. Operations name the state that runs them.
ORGS: dict[str, str] = {
    "United Nations": "UN",
    "UN": "UN",
    "U.N.": "UN",
    "MINUSMA": "UN",
    "MINURCAT": "UN",
    "blue helmets": "UN",
    "peacekeepers": "UN",
    "peacekeeping mission": "UN",
    "Security Council": "UN",
    "European Union": "EU",
    "EU": "EU",
    "EUTM": "EU",
    "EUCAP": "EU",
    "EUMPM": "EU",
    "ECOWAS": "ECOWAS",
    "CEDEAO": "ECOWAS",
    "Economic Community of West African States": "ECOWAS",
    "G5 Sahel": "G5S",
    "G5": "G5S",
    "G5S": "G5S",
    "Alliance of Sahel States": "AES",
    "AES": "AES",
    "Liptako-Gourma Charter": "AES",
    "Wagner Group": "WAGNER",
    "Wagner": "WAGNER",
    "Africa Corps": "AFRICA_CORPS",
    "Africa Korps": "AFRICA_CORPS",
}
OPERATIONS: dict[str, str] = {
    "Barkhane": "FRA",
    "Serval": "FRA",
    "Sabre": "FRA",
    "Task Force Sabre": "FRA",
    "Takuba": "FRA",
    "Epervier": "FRA",
    "Flintlock": "USA",
    "AFISMA": "",
}
LEADERS: dict[str, str] = {
    "Tchiani": "NER",
    "Bazoum": "NER",
    "Tiani": "NER",
    "Zeine": "NER",
    "Goita": "MLI",
    "Goïta": "MLI",
    "Keita": "MLI",
    "Damiba": "BFA",
    "Kabore": "BFA",
    "Compaore": "BFA",
    "Deby": "TCD",
    "Déby": "TCD",
    "Faye": "SEN",
    "Sall": "SEN",
    "Ghazouani": "MRT",
    "Putin": "RUS",
    "Lavrov": "RUS",
    "Shoigu": "RUS",
    "Yevkurov": "RUS",
    "Prigozhin": "WAGNER",
    "Macron": "FRA",
    "Hollande": "FRA",
    "Le Drian": "FRA",
    "Barrot": "FRA",
    "Biden": "USA",
    "Trump": "USA",
    "Blinken": "USA",
    "Mattis": "USA",
    "Erdogan": "TUR",
    "Meloni": "ITA",
    "Tinubu": "NGA",
    "Buhari": "NGA",
    "Raisi": "IRN",
}
# "Traore" is a common name in Mali and Burkina Faso; a first name settles it.
_LEADER_FULL: dict[str, str] = {
    "Ibrahim Traore": "BFA",
    "Dioncounda Traore": "MLI",
    "Amadou Toumani Toure": "MLI",
    "Captain Traore": "BFA",
}
_EXTRA_COUNTRY_NAMES: dict[str, str] = {
    "United States": "USA",
    "the US": "USA",
    "America": "USA",
    "Russia": "RUS",
    "Britain": "GBR",
    "United Kingdom": "GBR",
    "UK": "GBR",
    "Burkina Faso": "BFA",
    "Burkina": "BFA",
    "Ivory Coast": "CIV",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Iran": "IRN",
    "UAE": "ARE",
    "United Arab Emirates": "ARE",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Central African Republic": "CAF",
    "Libya": "LBY",
    "Syria": "SYR",
    "Sudan": "SDN",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Vietnam": "VNM",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Laos": "LAO",
    "the Netherlands": "NLD",
    "Holland": "NLD",
    "China": "CHN",
}


@dataclass(frozen=True)
class Mention:
    """A name found in a sentence. `kind`: country, demonym, capital, metonym, place, org,
    operation or leader."""

    code: str
    start: int
    end: int
    kind: str
    surface: str


@lru_cache(maxsize=1)
def _surface_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                table[name] = (country.alpha_3, "country")
    sources: list[tuple[dict[str, str], str]] = [
        (_EXTRA_COUNTRY_NAMES, "country"),
        (DEMONYMS, "demonym"),
        (CAPITALS, "capital"),
        (METONYMS, "metonym"),
        (PLACES, "place"),
        (ORGS, "org"),
        (OPERATIONS, "operation"),
        (LEADERS, "leader"),
        (_LEADER_FULL, "leader"),
    ]
    for names, kind in sources:
        for name, code in names.items():
            table[name] = (code, kind)
    # "Turkish-made drones", "Russian-supplied helicopters": the supplying state.
    for name, code in DEMONYMS.items():
        if code not in SAHEL and not name.endswith("s"):
            for suffix in ("made", "built", "supplied", "designed", "manufactured"):
                table[f"{name}-{suffix}"] = (code, "demonym")
    return table


@lru_cache(maxsize=1)
def _surface_pattern() -> re.Pattern[str]:
    names = sorted(_surface_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    # Case-sensitive on purpose: "US" is a state, "us" a pronoun; "Chad" must not match "Chadian".
    return re.compile(rf"(?<![\w’'-])(?:{alternation})(?![\w-]|['’]?\w{{2,}})")


def find_mentions(text: str) -> list[Mention]:
    """All known names in `text`, longest first, without overlaps."""
    table = _surface_table()
    found = []
    for match in _surface_pattern().finditer(text):
        surface = match.group()
        code, kind = table[surface]
        if surface.startswith("the "):
            surface = surface[4:]
        found.append(Mention(code, match.start(), match.end(), kind, surface))
    return found


def name_of(code: str) -> str:
    """A readable name for a code, for summaries."""
    special = {
        "UN": "the UN",
        "EU": "the EU",
        "ECOWAS": "ECOWAS",
        "G5S": "the G5 Sahel",
        "AES": "the Alliance of Sahel States",
        "WAGNER": "the Wagner Group",
        "AFRICA_CORPS": "Russia's Africa Corps",
        "USA": "the United States",
        "RUS": "Russia",
        "GBR": "the United Kingdom",
        "IRN": "Iran",
        "TUR": "Turkey",
        "CIV": "Ivory Coast",
        "CZE": "the Czech Republic",
        "ARE": "the UAE",
    }
    if code in special:
        return special[code]
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or (country.name if country else code)
