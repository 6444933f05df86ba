"""Agency-function load: for each place and agency type, the goals owned and the tasks led and
supported."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policykg.store import Store

from .plans import CURRENT_TYPE_ONCE, DERIVED, NAMED_TYPE, Table, place_order, plans, select, text_of

UNTYPED = "(未分类)"

#: :data:`NAMED_TYPE` reading the agency's type once, from the derived graph (as :data:`CURRENT_TYPE_ONCE`): the
#: union holds one copy per document naming the agency, each a row (and a lineage walk) of its own.
NAMED_TYPE_ONCE = NAMED_TYPE.replace("OPTIONAL { ?agency pk:agencyType ?type",
                                     f"OPTIONAL {{ GRAPH {DERIVED} {{ ?agency pk:agencyType ?type }}")

_LOAD = """
SELECT ?doc ?role ?node ?type ?typeLabel WHERE {
  { ?node a pk:Goal ; pk:inDocument ?doc ; pk:owner ?agency . BIND("goals" AS ?role) }
  UNION { ?node a pk:Task ; pk:inDocument ?doc ; pk:leadAgency ?agency . BIND("led" AS ?role) }
  UNION { ?node a pk:Task ; pk:inDocument ?doc ; pk:supportAgency ?agency . BIND("supported" AS ?role) }
  %s
}
"""


@dataclass(frozen=True)
class AgencyLoadRow:
    place: str
    agency_type: str       # IRI, or "" for agencies with no type
    label: str
    goals: int             # goals owned
    led: int               # tasks led
    supported: int         # tasks supported


@dataclass(frozen=True)
class AgencyLoad:
    places: tuple[str, ...]
    rows: tuple[AgencyLoadRow, ...]

    def totals(self) -> tuple[AgencyLoadRow, ...]:
        """One row per agency type over every place, most goals owned first."""
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in self.rows:
            s = sums[(r.agency_type, r.label)]
            s[0] += r.goals
            s[1] += r.led
            s[2] += r.supported
        rows = (AgencyLoadRow("(all)", t, label, *s) for (t, label), s in sums.items())
        return tuple(sorted(rows, key=lambda r: (-r.goals, -r.led, -r.supported, r.label)))

    def data(self) -> dict[str, Any]:
        return {"places": list(self.places), "totals": [dataclasses.asdict(r) for r in self.totals()],
                "rows": [dataclasses.asdict(r) for r in self.rows]}

    def grid(self, field: str = "goals") -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
        """Agency-type labels (busiest first) and, for each, the ``field`` count per place."""
        types = tuple(r.label for r in self.totals())
        cell = {(r.label, r.place): int(getattr(r, field)) for r in self.rows}
        return types, tuple(tuple(cell.get((t, p), 0) for p in self.places) for t in types)

    def table(self) -> Table:
        rows = [(r.place, r.label, str(r.goals), str(r.led), str(r.supported))
                for r in (*self.totals(), *self.rows)]
        return Table(("place", "agency type", "goals owned", "tasks led", "tasks supported"), tuple(rows))


def agency_load(store: Store, *, lineage: bool = True) -> AgencyLoad:
    """For each place and agency type: the goals its agencies own, the tasks they lead and support.

    With ``lineage`` (the default) a type the 2018 reform dissolved counts as the type(s) that took over
    its functions, so a 质监局 of 2011 and a 市场监管局 of 2023 are one function."""
    by_doc = plans(store)
    seen: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in select(store, _LOAD % (CURRENT_TYPE_ONCE if lineage else NAMED_TYPE_ONCE)):
        plan = by_doc.get(str(r["doc"]))
        if plan is None:
            continue
        kind = text_of(r, "type") or ""
        labels[kind] = min(labels.get(kind, text_of(r, "typeLabel") or UNTYPED), text_of(r, "typeLabel") or UNTYPED)
        seen[(plan.place_label, kind, str(r["role"]), "")].add(str(r["node"]))
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"goals": 0, "led": 0, "supported": 0})
    for (place, kind, role, _), nodes in seen.items():
        cells[(place, kind)][role] = len(nodes)
    rows = tuple(sorted((AgencyLoadRow(place, kind, labels[kind], c["goals"], c["led"], c["supported"])
                         for (place, kind), c in cells.items()),
                        key=lambda r: (r.place, -r.goals, -r.led, r.label)))
    return AgencyLoad(place_order(by_doc.values()), rows)
