"""The quality check: facts that pass the SHACL shapes but look wrong (``policykg review``, counted in ``stats``).

SHACL checks that facts have the right shape; these checks read what they say:

- ``agency-label``: an agency whose label holds a digit, punctuation, a responsibility tag ((牵头), 负责, 配合) or a
  verb that opens a measure (推进, 加强, 开展 …), or runs past 30 characters: a sentence fragment taken for a body.
- ``agency-type``: an agency of no known type (neither a ``pk:agencyType`` nor a collective of governments or units).
- ``goal-year``: a goal with a figure but no target year, in a plan whose title names its year or period (so every
  target has a year to inherit), unless it is set for every year (每年, 年均, 全年, 保持 …).
- ``task-lead``: a task without a lead unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .namespaces import sparql_prefixes
from .store import Store

#: What an agency's name never holds.
FRAGMENT = re.compile(r"\d|[,，。;；:：“”\"《》]|牵头|负责|配合|^(?:推进|推动|加强|开展|实施|支持|鼓励|落实|完善|建立"
                      r"|健全|组织|深化|强化|提升|提高|培育|打造|围绕|聚焦|按照|根据|已经|经)")

#: A target set for every year (or per head), which needs no target year.
RECURRING = re.compile(r"每年|年均|全年|年度|逐年|每千人|每万人|常年|长期|持续|始终|保持")

QUERIES = {
    "agency-label": """
        SELECT DISTINCT ?node ?label ?file WHERE {
          ?node a pk:Agency ; skos:prefLabel|rdfs:label ?label .
          OPTIONAL { ?doc pk:mentionsAgency ?node ; pk:sourceFile ?file }
        }""",
    "agency-type": """
        SELECT DISTINCT ?node ?label ?file WHERE {
          ?node a pk:Agency .
          FILTER NOT EXISTS { ?node pk:agencyType ?type }
          FILTER NOT EXISTS { ?node a pk:CollectiveAgency }
          OPTIONAL { ?node skos:prefLabel|rdfs:label ?label }
          OPTIONAL { ?doc pk:mentionsAgency ?node ; pk:sourceFile ?file }
        }""",
    "goal-year": """
        SELECT DISTINCT ?node ?label ?file ?quote WHERE {
          ?node a pk:Goal ; pk:targetValue ?value ; pk:inDocument ?doc .
          ?doc pk:sourceFile ?file .
          FILTER NOT EXISTS { ?node pk:targetYear ?year }
          ?doc dcterms:title ?title FILTER(REGEX(STR(?title), "(19|20)[0-9][0-9]"))
          OPTIONAL { ?node pk:indicatorLabel ?label }
          OPTIONAL { ?node pk:evidence/pk:quote ?quote }
        }""",
    "task-lead": """
        SELECT DISTINCT ?node ?label ?file WHERE {
          ?node a pk:Task ; pk:inDocument ?doc .
          ?doc pk:sourceFile ?file .
          FILTER NOT EXISTS { ?node pk:leadAgency ?lead }
          OPTIONAL { ?node pk:number ?label }
        }""",
}


@dataclass(frozen=True)
class Flag:
    check: str
    node: str
    label: str
    file: str


def review(store: Store) -> list[Flag]:
    """Every suspicious fact in the store, by check."""
    flags: dict[tuple[str, str], Flag] = {}
    for check, query in QUERIES.items():
        for row in store.query(sparql_prefixes() + query).rows:
            label = str(row.get("label") or "")
            if check == "agency-label" and not (FRAGMENT.search(label) or len(label) > 30):
                continue
            if check == "goal-year" and RECURRING.search(str(row.get("quote") or "") + label):
                continue
            key = (check, str(row["node"]))
            if key not in flags:
                flags[key] = Flag(check, str(row["node"]), label, str(row.get("file") or ""))
    return sorted(flags.values(), key=lambda f: (f.check, f.file, f.label))


def counts(flags: list[Flag]) -> dict[str, int]:
    out = dict.fromkeys(QUERIES, 0)
    for f in flags:
        out[f.check] += 1
    return out
