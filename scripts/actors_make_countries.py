"""Generate ``src/eventwire/data/actors/countries.tsv``: one state row and one government
row per ISO 3166-1 country.

Sources:
- ``pycountry`` (installed in the project venv): the 249 ISO 3166-1 alpha-3 codes and
  their names (name, common name, official name).
- ``countryinfo`` (MIT licence; only needed to regenerate, not at run time:
  ``pip install --target /tmp/actors_gen countryinfo`` and pass ``--countryinfo
  /tmp/actors_gen``): the demonym and the capital of each country.
- ``OVERRIDES`` below: the names news writers use ("US", "Britain", "Russia"), extra
  demonyms and government metonyms ("Kremlin", "White House"), curated by hand.

Run:  .venv/bin/python scripts/actors_make_countries.py --countryinfo /tmp/actors_gen
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src/eventwire/data/actors/countries.tsv"

# code -> (extra aliases, extra demonyms, extra government metonyms, preferred name)
OVERRIDES: dict[str, tuple[list[str], list[str], list[str], str | None]] = {
    "USA": (
        ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"],
        ["American", "U.S.", "US"],
        [
            "Washington",
            "White House",
            "Washington DC",
            "Washington, D.C.",
            "Trump administration",
            "Biden administration",
            "Obama administration",
            "Bush administration",
            "US administration",
            "U.S. administration",
            "American administration",
        ],
        "United States",
    ),
    "GBR": (
        [
            "UK",
            "U.K.",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain",
            "Northern Ireland",
        ],
        ["British", "UK", "U.K."],
        ["Downing Street", "Whitehall", "Number 10"],
        "United Kingdom",
    ),
    "RUS": (["Russia", "Russian Federation"], ["Russian"], ["Kremlin"], "Russia"),
    "CHN": (
        ["China", "PRC", "People's Republic of China", "mainland China"],
        ["Chinese"],
        ["Zhongnanhai"],
        "China",
    ),
    "FRA": ([], ["French"], ["Elysee", "Élysée", "Elysee Palace", "Élysée Palace"], None),
    "DEU": ([], ["German"], ["Berlin"], None),
    "IRN": (["Iran", "Islamic Republic of Iran", "Persia"], ["Iranian"], [], "Iran"),
    "SYR": (["Syria", "Syrian Arab Republic"], ["Syrian"], [], "Syria"),
    "PSE": (
        [
            "Palestine",
            "State of Palestine",
            "Palestinian territories",
            "Gaza Strip",
            "Gaza",
            "West Bank",
        ],
        ["Palestinian"],
        ["Ramallah", "Palestinian Authority"],
        "Palestine",
    ),
    "ISR": ([], ["Israeli"], ["Jerusalem"], None),
    "KOR": (
        ["South Korea", "Republic of Korea", "ROK"],
        ["South Korean"],
        ["Seoul"],
        "South Korea",
    ),
    "PRK": (
        ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
        ["North Korean"],
        ["Pyongyang"],
        "North Korea",
    ),
    "VNM": (["Vietnam", "Viet Nam"], ["Vietnamese"], [], "Vietnam"),
    "LAO": (["Laos", "Lao PDR"], ["Lao", "Laotian"], [], "Laos"),
    "BOL": (["Bolivia"], ["Bolivian"], [], "Bolivia"),
    "VEN": (["Venezuela"], ["Venezuelan"], ["Miraflores"], "Venezuela"),
    "TZA": (["Tanzania"], ["Tanzanian"], [], "Tanzania"),
    "MDA": (["Moldova"], ["Moldovan"], [], "Moldova"),
    "TWN": (["Taiwan", "Republic of China", "ROC"], ["Taiwanese"], ["Taipei"], "Taiwan"),
    "COD": (
        [
            "DR Congo",
            "DRC",
            "Democratic Republic of the Congo",
            "Congo-Kinshasa",
            "Democratic Republic of Congo",
        ],
        ["Congolese"],
        ["Kinshasa"],
        "DR Congo",
    ),
    "COG": (
        ["Republic of the Congo", "Congo-Brazzaville", "Congo Republic"],
        [],
        ["Brazzaville"],
        "Republic of the Congo",
    ),
    "CIV": (["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"], ["Ivorian"], [], "Ivory Coast"),
    "CZE": (["Czech Republic", "Czechia"], ["Czech"], [], "Czech Republic"),
    "TUR": (["Turkey", "Türkiye", "Turkiye"], ["Turkish"], [], "Turkey"),
    "MMR": (["Myanmar", "Burma"], ["Myanmar", "Burmese"], ["Naypyidaw", "Nay Pyi Taw"], "Myanmar"),
    "MKD": (["North Macedonia", "Macedonia"], ["Macedonian"], [], "North Macedonia"),
    "SWZ": (["Eswatini", "Swaziland"], ["Swazi"], [], "Eswatini"),
    "CPV": (["Cape Verde", "Cabo Verde"], ["Cape Verdean"], [], "Cape Verde"),
    "FSM": (["Micronesia"], ["Micronesian"], [], "Micronesia"),
    "VAT": (["Vatican", "Holy See", "Vatican City"], ["Vatican"], [], "Holy See"),
    "BRN": (["Brunei"], ["Bruneian"], [], "Brunei"),
    "SAU": ([], ["Saudi", "Saudi Arabian"], ["Riyadh"], None),
    "ARE": (["UAE", "U.A.E.", "Emirates"], ["Emirati"], ["Abu Dhabi"], None),
    "AFG": ([], ["Afghan"], [], None),
    "PAK": ([], ["Pakistani"], ["Islamabad"], None),
    "IND": ([], ["Indian"], ["New Delhi"], None),
    "IRQ": ([], ["Iraqi"], ["Baghdad"], None),
    "UKR": ([], ["Ukrainian"], ["Kyiv", "Kiev"], None),
    "EGY": ([], ["Egyptian"], ["Cairo"], None),
    "YEM": ([], ["Yemeni"], ["Sanaa", "Sana'a"], None),
    "LBN": ([], ["Lebanese"], [], None),
    "LBY": ([], ["Libyan"], ["Tripoli"], None),
    "SDN": ([], ["Sudanese"], ["Khartoum"], None),
    "SSD": (["South Sudan"], ["South Sudanese"], [], None),
    "SOM": ([], ["Somali"], [], None),
    "NLD": (["Netherlands", "Holland", "The Netherlands"], ["Dutch"], ["The Hague"], None),
    "PHL": (["Philippines", "The Philippines"], ["Filipino", "Philippine"], [], None),
    "GMB": (["Gambia", "The Gambia"], ["Gambian"], [], None),
    "BHS": (["Bahamas", "The Bahamas"], ["Bahamian"], [], None),
    "JPN": ([], ["Japanese"], ["Tokyo"], None),
    "KAZ": ([], ["Kazakh", "Kazakhstani"], ["Astana"], None),
    "BLR": (["Belarus"], ["Belarusian"], ["Minsk"], None),
    "GEO": ([], ["Georgian"], ["Tbilisi"], None),
    "MLI": ([], ["Malian"], ["Bamako"], None),
    "BFA": ([], ["Burkinabe", "Burkinabè"], ["Ouagadougou"], None),
    "NER": ([], ["Nigerien"], ["Niamey"], None),
    "NGA": ([], ["Nigerian"], ["Abuja"], None),
    "ETH": ([], ["Ethiopian"], ["Addis Ababa"], None),
    "KEN": ([], ["Kenyan"], ["Nairobi"], None),
    "COL": ([], ["Colombian"], ["Bogota", "Bogotá"], None),
    "MEX": ([], ["Mexican"], [], None),
    "BRA": ([], ["Brazilian"], ["Brasilia", "Brasília", "Planalto"], None),
    "CUB": ([], ["Cuban"], ["Havana"], None),
    "QAT": ([], ["Qatari"], ["Doha"], None),
    "JOR": ([], ["Jordanian"], ["Amman"], None),
    "KWT": ([], ["Kuwaiti"], [], None),
    "OMN": ([], ["Omani"], ["Muscat"], None),
    "BHR": ([], ["Bahraini"], ["Manama"], None),
    "NOR": ([], ["Norwegian"], ["Oslo"], None),
    "DJI": ([], ["Djiboutian"], [], None),
    "DOM": ([], ["Dominican"], ["Santo Domingo"], None),
    "ARG": ([], ["Argentine", "Argentinian"], ["Buenos Aires", "Casa Rosada"], None),
    "HRV": ([], ["Croatian", "Croat"], ["Zagreb"], None),
    "BIH": (["Bosnia", "Bosnia-Herzegovina"], ["Bosnian"], ["Sarajevo"], None),
    "KGZ": ([], ["Kyrgyz"], ["Bishkek"], None),
    "TJK": ([], ["Tajik"], ["Dushanbe"], None),
    "UZB": ([], ["Uzbek"], ["Tashkent"], None),
    "ECU": ([], ["Ecuadorian"], ["Quito"], None),
    "SVN": ([], ["Slovenian"], ["Ljubljana"], None),
    "SRB": ([], ["Serb", "Serbian"], ["Belgrade"], None),
}

# Wikidata ids of the states, as given by Our World in Data's country table
# (github.com/owid/owid-grapher, packages/@ourworldindata/grapher/src/mapCharts/
# CountriesRegions.ts at commit c7402d12e25bd1d45f5bd7d66cfc083342a1ed96, column
# wikidata_uri, keyed by iso_alpha3). NLD is left out on purpose: that table gives the
# Kingdom of the Netherlands (Q29999), not the country of ISO code NL. Countries not
# listed there get no id: ids are never guessed.
WIKIDATA_OWID = """
AFG Q889 ALA Q5689 ALB Q222 DZA Q262 ASM Q16641 AND Q228 AGO Q916 AIA Q25228 ATG Q781
ARG Q414 ARM Q399 ABW Q21203 AUS Q408 AUT Q40 AZE Q227 BHS Q778 BHR Q398 BGD Q902 BRB Q244
BLR Q184 BEL Q31 BLZ Q242 BEN Q962 BMU Q23635 BTN Q917 BOL Q750 BES Q27561 BIH Q225 BWA Q963
BVT Q23408 BRA Q155 IOT Q43448 VGB Q25305 BRN Q921 BGR Q219 BFA Q965 BDI Q967 KHM Q424
CMR Q1009 CAN Q16 CPV Q1011 CYM Q5785 CAF Q929 TCD Q657 CHL Q298 CHN Q148 CXR Q31063
CCK Q36004 COL Q739 COM Q970 COG Q971 COK Q26988 CRI Q800 CIV Q1008 HRV Q224 CUB Q241
CUW Q25279 CYP Q229 CZE Q213 COD Q974 DNK Q35 DJI Q977 DMA Q784 DOM Q786 ECU Q736 EGY Q79
SLV Q792 GNQ Q983 ERI Q986 EST Q191 SWZ Q1050 ETH Q115 FRO Q4628 FLK Q9648 FJI Q712 FIN Q33
FRA Q142 GUF Q3769 PYF Q30971 ATF Q129003 GAB Q1000 GMB Q1005 GEO Q230 DEU Q183 GHA Q117
GIB Q1410 GRC Q41 GRL Q223 GRD Q769 GLP Q17012 GUM Q16635 GTM Q774 GGY Q25230 GIN Q1006
GNB Q1007 GUY Q734 HTI Q790 HMD Q131198 HND Q783 HKG Q8646 HUN Q28 ISL Q189 IND Q668
IDN Q252 IRN Q794 IRQ Q796 IRL Q27 IMN Q9676 ISR Q801 ITA Q38 JAM Q766 JPN Q17 JEY Q785
JOR Q810 KAZ Q232 KEN Q114 KIR Q710 KWT Q817 KGZ Q813 LAO Q819 LVA Q211 LBN Q822 LSO Q1013
LBR Q1014 LBY Q1016 LIE Q347 LTU Q37 LUX Q32 MAC Q14773 MDG Q1019 MWI Q1020 MYS Q833
MDV Q826 MLI Q912 MLT Q233 MHL Q709 MTQ Q17054 MRT Q1025 MUS Q1027 MYT Q17063 MEX Q96
FSM Q702 MDA Q217 MCO Q235 MNG Q711 MNE Q236 MSR Q13353 MAR Q1028 MOZ Q1029 MMR Q836
NAM Q1030 NRU Q697 NPL Q837 NCL Q33788 NZL Q664 NIC Q811 NER Q1032 NGA Q1033 NIU Q34020
NFK Q31057 PRK Q423 MKD Q221 MNP Q16644 NOR Q20 OMN Q842 PAK Q843 PLW Q695 PSE Q219060
PAN Q804 PNG Q691 PRY Q733 PER Q419 PHL Q928 PCN Q35672 POL Q36 PRT Q45 PRI Q1183 QAT Q846
REU Q17070 ROU Q218 RUS Q159 RWA Q1037 BLM Q25362 SHN Q192184 KNA Q763 LCA Q760 MAF Q126125
SPM Q34617 VCT Q757 WSM Q683 SMR Q238 STP Q1039 SAU Q851 SEN Q1041 SRB Q403 SYC Q1042
SLE Q1044 SGP Q334 SXM Q26273 SVK Q214 SVN Q215 SLB Q685 SOM Q1045 ZAF Q258 SGS Q35086
KOR Q884 SSD Q958 ESP Q29 LKA Q854 SDN Q1049 SUR Q730 SJM Q842829 SWE Q34 CHE Q39 SYR Q858
TWN Q865 TJK Q863 TZA Q924 THA Q869 TLS Q574 TGO Q945 TKL Q36823 TON Q678 TTO Q754 TUN Q948
TUR Q43 TKM Q874 TCA Q18221 TUV Q672 UGA Q1036 UKR Q212 ARE Q878 GBR Q145 USA Q30 UMI Q16645
VIR Q11703 URY Q77 UZB Q265 VUT Q686 VAT Q237 VEN Q717 VNM Q881 WLF Q35555 ESH Q6250 YEM Q805
ZMB Q953 ZWE Q954 ATA Q21590062
"""


# States in the news that ISO 3166-1 does not list, with the user-assigned code that
# international bodies use for them (Kosovo: XKX, as the EU and the IMF write it).
EXTRA_STATES: list[tuple[str, str, list[str], list[str], list[str]]] = [
    ("XKX", "Kosovo", ["Republic of Kosovo"], ["Kosovar", "Kosovan"], ["Pristina", "Prishtina"]),
]

# Capitals left out as metonyms: ambiguous words, or the same as the country's name.
SKIP_CAPITALS = {
    "Victoria",
    "Kingston",
    "Georgetown",
    "Hamilton",
    "Saint John's",
    "Washington D.C.",
    "Avarua",
    "Road Town",
    "Plymouth",
    "Jamestown",
    "Adamstown",
    "Flying Fish Cove",
    "West Island",
    "King Edward Point",
    "Kingston (Norfolk Island)",
    "Stanley",
    "Santiago",
    "Palikir",
    "Melekeok",
    "Alofi",
    "Saint Peter Port",
    "Saint Helier",
    "Douglas",
    "Philipsburg",
    "Marigot",
    "Gustavia",
    "The Valley",
    "Castries",
    "Basseterre",
    "Kingstown",
    "Nassau",
    "Apia",
    "Port Louis",
    "City of Victoria",
}

# Countries whose listed capital is claimed by another state or ambiguous in news text.
CONTESTED_CAPITALS = {"PSE", "KAZ", "BEL"}  # "Brussels" in news is the EU (igos.tsv)

# Standalone plural demonyms ("Iraqis") name the civilians of a country.
NO_PLURAL_ENDINGS = ("ese", "ish", "ch", "ss", "s", "x", "z")


def plural(demonym: str) -> str | None:
    if demonym.isupper() or demonym.endswith(NO_PLURAL_ENDINGS) or " " in demonym:
        return None
    return demonym + "s"


def load_countryinfo(root: Path | None) -> dict[str, dict]:
    if root is None:
        return {}
    found: dict[str, dict] = {}
    for path in sorted((root / "countryinfo" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha3")
        if code:
            found[code] = data
    return found


def clean(values: list[str]) -> list[str]:
    seen: list[str] = []
    for v in values:
        v = v.strip()
        if v and "\t" not in v and "|" not in v and v not in seen:
            seen.append(v)
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--countryinfo", type=Path, help="folder holding the countryinfo package")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    info = load_countryinfo(args.countryinfo)
    if args.countryinfo and not info:
        print("countryinfo data not found under", args.countryinfo, file=sys.stderr)
        return 1

    words = WIKIDATA_OWID.split()
    wikidata = dict(zip(words[::2], words[1::2], strict=True))
    claimed = {d for code, o in OVERRIDES.items() for d in o[1]}
    demonym_count: dict[str, int] = {}
    for data in info.values():
        if data.get("demonym"):
            demonym_count[data["demonym"]] = demonym_count.get(data["demonym"], 0) + 1
    rows = [
        "# Generated by scripts/actors_make_countries.py from pycountry (ISO 3166-1),",
        "# countryinfo (demonyms, capitals; MIT licence) and hand-curated overrides.",
        "# Do not edit by hand: edit the script's OVERRIDES and regenerate.",
        "id\tname\tcountry\tsector\tkind\taliases\tmodifiers\twikidata",
    ]
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        code = c.alpha_3
        extra_aliases, extra_demonyms, metonyms, preferred = OVERRIDES.get(code, ([], [], [], None))
        common = getattr(c, "common_name", None)
        official = getattr(c, "official_name", None)
        name = preferred or common or c.name
        if "," in name:  # "Korea, Republic of" style names are not names anyone writes
            name = info.get(code, {}).get("name") or name.split(",")[0]
        aliases = clean(
            [
                c.name if "," not in c.name else "",
                common or "",
                (official or "").removeprefix("the "),
                *extra_aliases,
            ]
        )
        aliases = [a for a in aliases if a != name]
        data = info.get(code, {})
        demonym = data.get("demonym") or ""
        if demonym in claimed or demonym_count.get(demonym, 0) > 1:
            demonym = ""  # "American" is the USA's, not American Samoa's
        listed = [d.strip() for d in demonym.split(",")] if demonym and demonym != name else []
        modifiers = clean([*extra_demonyms, *listed])
        capital = data.get("capital") or ""
        capitals = []
        if code in CONTESTED_CAPITALS:
            capital = ""
        if (
            capital
            and "/" not in capital
            and capital not in SKIP_CAPITALS
            and capital != name
            and capital not in aliases
        ):
            capitals.append(capital)
        govs = clean([*capitals, *metonyms])
        qid = wikidata.get(code, "")
        state = [code, name, code, "", "state", "|".join(aliases), "|".join(modifiers), qid]
        rows.append("\t".join(state))
        plurals = clean([p for m in modifiers if (p := plural(m))])
        if plurals:
            rows.append(
                "\t".join(
                    [
                        f"{code}-CVL",
                        f"{name} civilians",
                        code,
                        "CVL",
                        "population",
                        "|".join(plurals),
                        "",
                    ]
                )
            )
        the = "the " if name.startswith(("United", "Netherlands", "Philippines", "Bahamas")) else ""
        rows.append(
            "\t".join(
                [
                    f"{code}-GOV",
                    f"Government of {the}{name}",
                    code,
                    "GOV",
                    "government",
                    "|".join(govs),
                    "",
                ]
            )
        )
    for code, name, aliases, demonyms, capitals in EXTRA_STATES:
        rows.append(
            "\t".join([code, name, code, "", "state", "|".join(aliases), "|".join(demonyms), ""])
        )
        rows.append("\t".join([f"{code}-GOV", f"Government of {name}", code, "GOV", "government",
                                "|".join(capitals), "", ""]))  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(rows) - 4} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
