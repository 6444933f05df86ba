"""The network views as networkx graphs, built from the store with SPARQL.

Each function returns a graph whose node ids are IRIs and whose node attributes are those of
:class:`policykg.viz.nodes.NodeInfo` (``kind``, ``label``, ``values``, ``quote``, ...). Edges carry a
``relation``. ``graph.graph`` holds the view's ``title`` and ``notes`` (what was filtered or cut).

    >>> from policykg.backends import open_store
    >>> from policykg.viz.graphs import ownership_graph, city_graph
    >>> g = ownership_graph(open_store("var/store"), city="鄂州市")     # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from policykg.analysis.plans import PLACE_OF_DOC
from policykg.errors import NotFound, PolicyKGError
from policykg.namespaces import DOCUMENT_GRAPH_BASE, PK, RDF, sparql_prefixes
from policykg.store import Store

from .nodes import HIDDEN_KINDS, NodeInfo, describe, local_name
from .nodes import safe_iri as _safe_iri

Filter = str | int | Sequence[str | int] | None


# --- ownership ---------------------------------------------------------------------------------------

_OWNERSHIP = """
SELECT ?s ?rel ?agency ?doc ?city ?cityLabel ?province ?provinceLabel ?type ?typeLabel ?year ?dom ?domLabel
       ?task WHERE {
  { ?s pk:owner ?agency . BIND("owns" AS ?rel) }
  UNION { ?s pk:leadAgency ?agency . BIND("leads" AS ?rel) }
  UNION { ?s pk:supportAgency ?agency . BIND("supports" AS ?rel) }
  ?s pk:inDocument ?doc .
  OPTIONAL { ?doc pk:city ?city OPTIONAL { ?city rdfs:label ?cityLabel } }
  OPTIONAL { ?doc pk:province ?province OPTIONAL { ?province rdfs:label ?provinceLabel } }
  OPTIONAL { GRAPH <https://w3id.org/policykg/graph/derived> { ?agency pk:agencyType ?type }
             OPTIONAL { ?type skos:prefLabel ?typeLabel
                        FILTER(LANGMATCHES(LANG(?typeLabel), "zh") || LANG(?typeLabel) = "") } }
  OPTIONAL { ?s pk:targetYear ?year }
  OPTIONAL { { ?s pk:indicator ?ind . ?ind pk:qualityDomain ?dom } UNION { ?s pk:qualityDomain ?dom }
             OPTIONAL { ?dom skos:prefLabel|rdfs:label ?domLabel } }
  OPTIONAL { ?s pk:task ?task }
}
"""

UNTYPED = "未分类 unclassified"


@dataclass(frozen=True)
class _Row:
    subject: str
    relation: str
    agency: str
    document: str
    places: frozenset[str]        # IRIs and labels of the document's city and province
    place: str                    # the document's city label, else its province label
    agency_type: str
    agency_type_label: str
    year: int | None
    domains: frozenset[str]       # IRI, local name and label of the goal's quality domain
    task: str


def _values(value: Filter) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str | int):
        return [str(value)]
    return [str(v) for v in value if str(v)]


def _matches(wanted: list[str], names: Iterable[str]) -> bool:
    """True when no filter is set, or one wanted value is (or begins) one of the names, ignoring case."""
    if not wanted:
        return True
    present = [n.casefold() for n in names if n]
    return any(n.startswith(w) for w in (x.casefold() for x in wanted) for n in present)


_DOC_PLACES = """
SELECT ?doc ?city ?cityLabel ?province ?provinceLabel WHERE { ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc pk:city ?city OPTIONAL { ?city rdfs:label ?cityLabel } }
  OPTIONAL { ?doc pk:province ?province OPTIONAL { ?province rdfs:label ?provinceLabel } } }
"""


def _documents_in(store: Store, cities: list[str]) -> set[str]:
    """The documents whose city or province (IRI or label) a city filter matches, as the rows match it."""
    names: dict[str, set[str]] = defaultdict(set)
    for r in store.query(sparql_prefixes() + _DOC_PLACES).rows:
        names[str(r["doc"])].update(str(r[k]) for k in ("city", "cityLabel", "province", "provinceLabel") if k in r)
    return {doc for doc, at in names.items() if _matches(cities, at)}


_AGENCY_TYPES = """
SELECT ?agency ?type ?typeLabel WHERE { GRAPH <https://w3id.org/policykg/graph/derived> { ?agency pk:agencyType ?type }
  OPTIONAL { ?type skos:prefLabel ?typeLabel FILTER(LANGMATCHES(LANG(?typeLabel), "zh") || LANG(?typeLabel) = "") } }
"""


def _agencies_of(store: Store, types: list[str]) -> set[str] | None:
    """The agencies an agency-type filter matches, as the rows match it; None when it matches untyped agencies
    (those cannot be listed from their types)."""
    if _matches(types, (UNTYPED,)):
        return None
    found: set[str] = set()
    for r in store.query(sparql_prefixes() + _AGENCY_TYPES).rows:
        get = {k: str(v) for k, v in r.items()}
        if _matches(types, (get["type"], local_name(get["type"]), get.get("typeLabel") or UNTYPED)):
            found.add(get["agency"])
    return found


def _ownership_rows(store: Store, documents: set[str] | None = None, agencies: set[str] | None = None) -> list[_Row]:
    """The ownership rows; with ``documents`` (``agencies``), those of these documents (agencies) only."""
    text = _OWNERSHIP
    if documents is not None or agencies is not None:
        if (documents is not None and not documents) or (agencies is not None and not agencies):
            return []
        head = "WHERE {\n"
        if documents is not None:
            values = " ".join(f"<{d}>" for d in sorted(documents) if _safe_iri(d))
            head += f"  VALUES ?doc {{ {values} }} ?s pk:inDocument ?doc .\n"
        if agencies is not None:
            head += f"  VALUES ?agency {{ {' '.join(f'<{a}>' for a in sorted(agencies) if _safe_iri(a))} }}\n"
        text = text.replace("WHERE {\n", head, 1)
    rows = []
    for r in store.query(sparql_prefixes() + text).rows:
        get = {k: str(v) for k, v in r.items()}
        year = get.get("year", "")[:4]
        rows.append(_Row(
            subject=get["s"], relation=get["rel"], agency=get["agency"], document=get["doc"],
            places=frozenset(get.get(k, "") for k in ("city", "cityLabel", "province", "provinceLabel")) - {""},
            place=get.get("cityLabel") or get.get("provinceLabel") or "",
            agency_type=get.get("type", ""), agency_type_label=get.get("typeLabel", ""),
            year=int(year) if year.isdigit() else None,
            domains=frozenset({get.get("dom", ""), local_name(get["dom"]) if "dom" in get else "",
                               get.get("domLabel", "")}) - {""},
            task=get.get("task", "")))
    return rows


def ownership_graph(store: Store, *, city: Filter = None, agency_type: Filter = None, domain: Filter = None,
                    year: Filter = None, document: Filter = None, tasks: bool = True,
                    fold_above: int | None = None, max_nodes: int | None = None) -> nx.DiGraph:
    """Agencies linked to the goals they own (``owns``) and the tasks they lead or support.

    Every filter takes one value or several (any of them matches): ``city`` a city or province label
    (``鄂州市``, ``鄂州``) or IRI; ``agency_type`` an agency type's IRI, local name or label; ``domain`` a
    quality domain; ``year`` a target year; ``document`` a document id, file name or IRI. A year or domain
    filter keeps the goals it matches and the tasks that state them. Agency nodes carry ``agency_type``
    and ``agency_type_label`` (``未分类 unclassified`` when the store has no type for them) and ``cities``.
    With ``fold_above``, a graph of more nodes than that (it will be folded) describes its agencies only.
    With ``max_nodes``, a larger graph keeps the agencies with the most goals and tasks (and those goals and
    tasks) up to that many nodes, and its ``notes`` say what was left out and how to see it.
    """
    cities, types, domains = _values(city), _values(agency_type), _values(domain)
    years = [int(y) for y in _values(year) if str(y).isdigit()]
    if _values(year) and not years:
        raise PolicyKGError(f"a target year is a number such as 2020, not {year!r}")
    documents = {resolve_document(store, d) for d in _values(document)}
    # A city or document filter reads those documents' rows only (the filters below still decide).
    scope = set(documents) if documents else None
    if cities:
        within = _documents_in(store, cities)
        scope = within if scope is None else scope & within
    rows = [r for r in _ownership_rows(store, scope, _agencies_of(store, types) if types else None)
            if _matches(cities, r.places) and (not documents or r.document in documents)
            and _matches(types, (r.agency_type, local_name(r.agency_type) if r.agency_type else "",
                                 r.agency_type_label or UNTYPED))]
    goal_filter = bool(years or domains)
    kept_goals = {r.subject for r in rows if r.relation == "owns" and (not years or r.year in years)
                  and _matches(domains, r.domains)}
    goal_tasks = {r.task for r in rows if r.subject in kept_goals and r.task}
    chosen = [r for r in rows if (r.relation == "owns" and r.subject in kept_goals)
              or (tasks and r.relation != "owns" and (not goal_filter or r.subject in goal_tasks))]
    graph = nx.DiGraph(view="ownership")
    targets = {r.subject for r in chosen}
    agencies = {r.agency for r in chosen}
    capped = ""
    if max_nodes is not None and len(targets | agencies) > max_nodes and not (
            fold_above is not None and len(targets | agencies) > fold_above):
        chosen, capped = _cap(chosen, max_nodes, len(targets | agencies))
        targets, agencies = {r.subject for r in chosen}, {r.agency for r in chosen}
    if fold_above is not None and len(targets | agencies) > fold_above:
        # The page will be folded to agency types x places (viz.aggregate.by_agency_type), which reads the agencies'
        # facts only: goals and tasks are counted, never shown, so they are not described (at 1,000 documents
        # that is most of the page's queries).
        info = describe(store, agencies)
        for r in chosen:
            info.setdefault(r.subject, NodeInfo(iri=r.subject, kind="goal" if r.relation == "owns" else "task",
                                                label=local_name(r.subject)))
    else:
        info = describe(store, targets | agencies)
    agency_places: dict[str, set[str]] = defaultdict(set)
    for r in chosen:
        for node in (r.agency, r.subject):
            if node not in graph:
                graph.add_node(node, **info[node].attrs())
        if r.place:
            agency_places[r.agency].add(r.place)
        _link(graph, r.agency, r.subject, r.relation)
    for agency, places in agency_places.items():
        graph.nodes[agency]["cities"] = tuple(sorted(places))
        if not graph.nodes[agency]["agency_type_label"]:
            graph.nodes[agency]["agency_type_label"] = UNTYPED
    graph.graph.update(ownership_attrs(cities=cities, types=types, domains=domains, years=years,
                                       documents=documents, found=bool(rows)))
    if capped:
        graph.graph["notes"] = [*graph.graph["notes"], capped]
        graph.graph["capped"] = True
    return graph


def _cap(chosen: list[_Row], max_nodes: int, total: int) -> tuple[list[_Row], str]:
    """The rows of the agencies with the most goals and tasks, as many as fit in ``max_nodes`` nodes (each
    agency with all of its goals and tasks), and the note that says so."""
    work: dict[str, set[str]] = defaultdict(set)
    for r in chosen:
        work[r.agency].add(r.subject)
    kept: set[str] = set()
    drawn: set[str] = set()
    for agency in sorted(work, key=lambda a: (-len(work[a]), a)):
        more = work[agency] - drawn
        if len(drawn) + len(more) + len(kept) + 1 > max_nodes:
            continue
        kept.add(agency)
        drawn |= more
    note = (f"Capped: {len(kept) + len(drawn):,} of {total:,} nodes are drawn (the {len(kept):,} agencies of "
            f"{len(work):,} with the most goals and tasks, with all of theirs; limit {max_nodes:,}). Filter by "
            "city, document or agency type, or fold the view (aggregate=true), to see the rest.")
    return [r for r in chosen if r.agency in kept], note


def ownership_attrs(*, cities: list[str], types: list[str], domains: list[str], years: list[int],
                    documents: set[str], found: bool) -> dict[str, object]:
    """The ownership view's title, filters and notes."""
    filters: dict[str, list[str]] = {"city": cities, "agency type": types, "quality domain": domains,
                                     "target year": [str(y) for y in years], "document": sorted(documents)}
    shown = "; ".join(f"{k} = {', '.join(v)}" for k, v in filters.items() if v)
    return {"title": "Ownership 责任分工" + (f" ({shown})" if shown else ""),
            "filters": {k: v for k, v in filters.items() if v},
            "notes": [] if found else ["No goal or task with a responsible agency matches these filters."]}


def _link(graph: nx.DiGraph, source: str, target: str, relation: str) -> None:
    if graph.has_edge(source, target):
        known = str(graph.edges[source, target]["relation"]).split(", ")
        if relation not in known:
            graph.edges[source, target]["relation"] = ", ".join([*known, relation])
        return
    graph.add_edge(source, target, relation=relation)


# --- one document ------------------------------------------------------------------------------------

_DOCUMENT_LINKS = """
SELECT ?s ?p ?o WHERE {
  { BIND(?doc AS ?s) ?s ?p ?o . FILTER(isIRI(?o) && ?p NOT IN (rdf:type, pk:evidence, pk:hasSection)) }
  UNION { ?s pk:inDocument ?doc . BIND(pk:inDocument AS ?p) BIND(?doc AS ?o) FILTER(isIRI(?s)) }
  UNION { ?s pk:inDocument ?doc . ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o))
          FILTER(?p IN (pk:owner, pk:leadAgency, pk:supportAgency, pk:indicator, pk:award, pk:task, pk:instrument,
                        pk:assignedTo)) }
}
"""

_RESOLVE = """
SELECT ?doc WHERE { ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  FILTER(?doc = ?ref || ?file = STR(?ref) || STRBEFORE(?file, ".") = STR(?ref)
         || STR(?doc) = CONCAT(STR(pkr:), "doc/", STR(?ref))) } LIMIT 1
"""

_DOCUMENT_QUOTES = """
SELECT ?n (SAMPLE(?quote) AS ?q) WHERE { ?m pk:inDocument ?doc ; pk:mentionOf ?n ; pk:evidence/pk:quote ?quote }
GROUP BY ?n
"""

#: How the relations of a document view read on its edges.
RELATION_NAMES = {str(PK.inDocument): "states", str(PK.owner): "owns", str(PK.leadAgency): "leads",
                  str(PK.supportAgency): "supports", str(PK.mentionsAgency): "mentions",
                  str(PK.targetsIndustry): "targets", str(PK.promotesAward): "promotes",
                  str(PK.pursuesDesignation): "pursues", str(PK.cites): "cites",
                  str(PK.usesInstrument): "uses", str(PK.instrument): "uses", str(PK.assignedTo): "assigned to"}


def resolve_document(store: Store, ref: str | int) -> str:
    """The IRI of an ingested document named by its id, file name or IRI; NotFound otherwise."""
    from rdflib import Literal

    text = str(ref).strip()
    is_iri = text.startswith(("http://", "https://")) and _safe_iri(text)
    term = f"<{text}>" if is_iri else Literal(text).n3()
    rows = store.query(sparql_prefixes() + _RESOLVE.replace("?ref", term)).rows
    if not rows:
        raise NotFound(f"no ingested document {text!r}: give its id (e.g. 003_2335b28b753d4964), file name or IRI",
                       detail={"document": text})
    return str(rows[0]["doc"])


def document_graph(store: Store, document: str) -> nx.DiGraph:
    """One document and its entities: goals, tasks, agencies, industries, awards, designations, citations."""
    doc = resolve_document(store, document)
    triples = store.query(sparql_prefixes() + _DOCUMENT_LINKS.replace("?doc", f"<{doc}>")).rows
    edges = [(str(r["s"]), str(r["p"]), str(r["o"])) for r in triples if not str(r["o"]).startswith(str(PK))]
    info = describe(store, {doc} | {s for s, _p, _o in edges} | {o for _s, _p, o in edges})
    graph = nx.DiGraph(view="document", document=doc)
    for node, node_info in info.items():
        if node_info.kind not in HIDDEN_KINDS:
            graph.add_node(node, **node_info.attrs())
    for row in store.query(sparql_prefixes() + _DOCUMENT_QUOTES.replace("?doc", f"<{doc}>")).rows:
        if str(row["n"]) in graph:   # a shared node's quote: how this document mentions it
            graph.nodes[str(row["n"])]["quote"] = str(row["q"])
    for s, p, o in edges:
        if s in graph and o in graph:
            if p == str(PK.inDocument):   # read "document states goal", the direction a reader expects
                s, o = o, s
            _link(graph, s, o, RELATION_NAMES.get(p, local_name(p)))
    graph.graph["title"] = f"Document 文件: {graph.nodes[doc]['label']}"
    graph.graph["notes"] = []
    return graph


# --- cities ------------------------------------------------------------------------------------------

_CITY_PLACES = """
SELECT ?place ?placeLabel ?placeKind ?doc ?province ?provinceLabel WHERE {""" + PLACE_OF_DOC + """
  OPTIONAL { ?doc pk:province ?province OPTIONAL { ?province rdfs:label ?provinceLabel } }
}
"""
#: What each document names, per document graph (a join through the union of every graph repeats each item
#: once per graph that states it: reading each document's own graph is several times faster). A goal's
#: indicator is its canonical one, else its label as written (every goal is emitted with a pk:indicatorLabel).
_CITY_ITEMS = """
SELECT DISTINCT ?doc ?cat ?item WHERE {
  GRAPH ?g {
    { ?doc pk:promotesAward ?item . BIND("award programs" AS ?cat) }
    UNION { ?doc pk:targetsIndustry ?item . BIND("industries" AS ?cat) }
    UNION { ?doc pk:cites ?item . BIND("cited documents" AS ?cat) }
    UNION { ?doc pk:pursuesDesignation ?item . BIND("designations" AS ?cat) }
    UNION { ?s pk:indicatorLabel ?label ; pk:inDocument ?doc OPTIONAL { ?s pk:indicator ?indicator }
            BIND(COALESCE(?indicator, ?label) AS ?item) BIND("indicators" AS ?cat) }
  } FILTER(STRSTARTS(STR(?g), "DOC_GRAPHS"))
}
""".replace("DOC_GRAPHS", DOCUMENT_GRAPH_BASE)
#: The labels of each item that has any.
_CITY_ITEM_LABELS = """
SELECT DISTINCT ?item ?il WHERE {
  { SELECT DISTINCT ?item WHERE { GRAPH ?g { { ?doc pk:promotesAward|pk:targetsIndustry|pk:cites|pk:pursuesDesignation
                                                 ?item } UNION { ?s pk:indicator ?item } } } }
  { GRAPH <https://w3id.org/policykg/graph/ontology> {
      { ?item skos:prefLabel ?il } UNION { ?item dcterms:title ?il } } }
  UNION { GRAPH <https://w3id.org/policykg/graph/derived> {
            { ?item skos:prefLabel ?il } UNION { ?item dcterms:title ?il } UNION { ?item pk:docNumber ?il } } }
}
"""

SHARED_KINDS = ("indicators", "award programs", "industries", "cited documents", "designations")
MAX_PLACES = 60   # more places than this: the cities view links provinces (each drills down to its cities)


def city_graph(store: Store, *, max_links: int = 8, max_shared: int = 20, province: Filter = None,
               max_places: int = MAX_PLACES) -> nx.Graph:
    """Cities linked by what their plans share: indicators, award programs, industries, cited documents,
    designations.

    Nodes are the cities whose plans are ingested (a plan with no city stands for its province, one with
    neither for itself: ``kind`` says which), with ``documents`` (IRIs) and ``items`` (how many distinct
    things its plans name). An edge's ``weight`` is the number of items the two share, and ``shared`` maps
    each kind in :data:`SHARED_KINDS` to the sorted labels shared. A canonical indicator (``pk:indicator``)
    is shared by IRI; a goal with none is shared by its exact indicator label. An item with several labels
    shows the first Chinese one.

    So that the page stays readable at national scale (260 cities share something with nearly every other),
    each place keeps its ``max_links`` strongest links (an edge stays when it is among the strongest of
    either end), and an edge lists at most ``max_shared`` labels of a kind (then ``… +N``); ``notes`` says
    what was left out. With more than ``max_places`` places, the nodes are provinces (a place's province:
    what its plans share is pooled), each drilling down to its cities; ``province`` (a label, short name or
    IRI) keeps that province's places only.
    """
    items: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    places: dict[str, dict[str, object]] = {}
    place_of: dict[str, str] = {}
    province_of: dict[str, tuple[str, str]] = {}   # place -> its province's IRI and label
    wanted = _values(province)
    for r in store.query(sparql_prefixes() + _CITY_PLACES).rows:
        get = {k: str(v) for k, v in r.items()}
        place = get["place"]
        if wanted and not _matches(wanted, (get.get("province", ""), get.get("provinceLabel", ""))):
            continue
        entry = places.setdefault(place, {"iri": place, "label": get["placeLabel"], "kind": get["placeKind"],
                                          "documents": set()})
        docs = entry["documents"]
        assert isinstance(docs, set)
        docs.add(get["doc"])
        place_of[get["doc"]] = place
        if "province" in get and get["placeKind"] != "province":
            province_of.setdefault(place, (get["province"], get.get("provinceLabel", local_name(get["province"]))))
    folded = not wanted and len(places) > max_places
    if folded:   # pool each place into its province (a place with none stays itself)
        pooled: dict[str, dict[str, object]] = {}
        for place, entry in places.items():
            iri, label = province_of.get(place, (place, str(entry["label"])))
            into = pooled.setdefault(iri, {"iri": iri, "label": label, "kind": "province" if place in province_of
                                           else entry["kind"], "documents": set(), "places": set()})
            into["documents"] |= entry["documents"]  # type: ignore[operator]
            into["places"].add(place)  # type: ignore[attr-defined]
            for doc in entry["documents"]:  # type: ignore[attr-defined]
                place_of[doc] = iri
        places = pooled
    item_labels = _first_labels(store.query(sparql_prefixes() + _CITY_ITEM_LABELS).rows)
    for r in store.query(sparql_prefixes() + _CITY_ITEMS).rows:
        at = place_of.get(str(r["doc"]))
        if at is not None:
            item = str(r["item"])
            items[at][str(r["cat"])][item] = item_labels.get(item, item)
    graph = nx.Graph(view="cities")
    for place, entry in places.items():
        count = sum(len(v) for v in items[place].values())
        values = (("documents", str(len(entry["documents"]))),  # type: ignore[arg-type]
                  *((("places", str(len(entry["places"]))),) if folded else ()),  # type: ignore[arg-type]
                  *((kind, str(len(items[place][kind]))) for kind in SHARED_KINDS if items[place][kind]))
        extra: dict[str, object] = {}
        if folded:
            extra = {"places": tuple(sorted(entry["places"])),  # type: ignore[call-overload]
                     "drill": {"view": "cities", "province": entry["label"]} if entry["kind"] == "province" else {}}
        graph.add_node(place, **{**entry, "documents": tuple(sorted(entry["documents"])),  # type: ignore[call-overload]
                                 "items": count, "values": values, "quote": "", **extra})
    ordered = sorted(places)
    keys = {p: {kind: set(items[p][kind]) for kind in SHARED_KINDS} for p in ordered}
    weights: dict[tuple[str, str], int] = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            weight = sum(len(keys[a][kind] & keys[b][kind]) for kind in SHARED_KINDS)
            if weight:
                weights[a, b] = weight
    strongest: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for (a, b), weight in weights.items():
        strongest[a].append((-weight, b, b))
        strongest[b].append((-weight, a, a))
    kept = {tuple(sorted((p, other))) for p, links in strongest.items() for _w, other, _ in sorted(links)[:max_links]}
    cut = 0
    for (a, b), weight in sorted(weights.items()):
        if (a, b) not in kept:
            continue
        shared: dict[str, list[str]] = {}
        for kind in SHARED_KINDS:
            labels = sorted({items[a][kind][k] for k in keys[a][kind] & keys[b][kind]})
            if len(labels) > max_shared:
                cut += 1
                labels = [*labels[:max_shared], f"… +{len(labels) - max_shared}"]
            if labels:
                shared[kind] = labels
        graph.add_edge(a, b, weight=weight, shared=shared, relation="shares")
    graph.graph["title"] = "Cities 城市关联" + (f" ({', '.join(wanted)})" if wanted else "")
    notes = [] if graph.number_of_edges() else [
        "No two ingested plans share an indicator, award program, industry, cited document or designation yet."]
    if len(weights) > graph.number_of_edges():
        notes.append(f"{len(weights) - graph.number_of_edges()} of {len(weights)} links left out: each place shows "
                     f"its {max_links} strongest")
    if cut:
        notes.append(f"{cut} lists of shared items cut to their first {max_shared}")
    if folded:
        pooled_places = sum(len(e["places"]) for e in places.values())  # type: ignore[arg-type,misc]
        notes.append(f"Folded to provinces: {pooled_places:,} places "
                     f"(more than {max_places} are not drawn one by one) are shown as {len(places)} provinces, "
                     "each with what its places' plans name. Click a province and follow \"drill down\" "
                     "to see its cities.")
    if wanted and not places:
        notes.append("No ingested plan is about a place in this province.")
    graph.graph["notes"] = notes
    return graph


def _first_labels(rows: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Each item's label: the first of its Chinese (or untagged) labels, else the first of the rest."""
    found: dict[str, tuple[bool, str]] = {}
    for r in rows:
        lang = str(getattr(r["il"], "language", "") or "")
        key = (not (lang == "" or lang.lower().startswith("zh")), str(r["il"]))
        item = str(r["item"])
        if item not in found or key < found[item]:
            found[item] = key
    return {item: label for item, (_other, label) in found.items()}


# --- neighbourhood -----------------------------------------------------------------------------------

_NEIGHBOURS = """
SELECT ?s ?p ?o WHERE {
  VALUES ?n { %s }
  { ?n ?p ?o . BIND(?n AS ?s) FILTER(isIRI(?o)) } UNION { ?s ?p ?n . BIND(?n AS ?o) FILTER(isIRI(?s)) }
  FILTER(?p != rdf:type && ?p != pk:evidence)
}
"""


def neighbourhood_graph(store: Store, iri: str, depth: int = 1, *, max_nodes: int = 1500) -> nx.DiGraph:
    """Every node within ``depth`` links of ``iri`` (both directions; types, evidence nodes and ontology
    terms left out), stopping once ``max_nodes`` are reached; ``notes`` says when it stopped early."""
    if not 0 <= depth <= 5:
        raise PolicyKGError(f"depth must be between 0 and 5, not {depth}")
    if not _safe_iri(iri) or not iri.startswith(("http://", "https://", "urn:")):
        raise PolicyKGError(f"not an IRI: {iri!r}")
    root_info = describe(store, [iri])[iri]
    known = store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}").boolean
    if not known:
        raise NotFound(f"the store holds nothing about {iri}", detail={"iri": iri})
    seen = {iri}
    frontier = {iri}
    edges: set[tuple[str, str, str]] = set()
    notes: list[str] = []
    new_nodes: list[str] = []
    for level in range(depth):
        if not frontier:
            break
        found: set[tuple[str, str, str]] = set()
        batch = sorted(frontier)
        for start in range(0, len(batch), 400):
            query = _NEIGHBOURS % " ".join(f"<{n}>" for n in batch[start:start + 400])
            found.update((str(r["s"]), str(r["p"]), str(r["o"]))
                         for r in store.query(sparql_prefixes() + query).rows)
            found = {(s, p, o) for s, p, o in found if p != str(RDF.type)   # ontology terms are hubs: not followed
                     and not (s != iri and s.startswith(str(PK))) and not (o != iri and o.startswith(str(PK)))}
            new_nodes = sorted(n for n in ({s for s, _p, _o in found} | {o for _s, _p, o in found}) - seen
                               if _safe_iri(n))
            if len(seen) + len(new_nodes) > max_nodes:   # the limit is reached: the rest of the frontier waits
                break
        if len(seen) + len(new_nodes) > max_nodes:
            room = max_nodes - len(seen)
            notes.append(f"Stopped at depth {level + 1}: {len(new_nodes):,} or more nodes found, the first {room:,} "
                         f"are shown (limit {max_nodes:,}). Open a node's own neighbourhood to go further.")
            new_nodes = new_nodes[:room]
        seen.update(new_nodes)
        edges.update((s, p, o) for s, p, o in found if s in seen and o in seen)
        frontier = set(new_nodes)
    info = describe(store, seen)
    graph = nx.DiGraph(view="neighbourhood", root=iri, depth=depth)
    for node in sorted(seen):
        if info[node].kind not in HIDDEN_KINDS or node == iri:
            graph.add_node(node, **info[node].attrs())
    for s, p, o in sorted(edges):
        if s in graph and o in graph and s != o:
            _link(graph, s, o, RELATION_NAMES.get(p, local_name(p)))
    graph.graph["title"] = f"Neighbourhood 邻域 of {root_info.label} (depth {depth})"
    graph.graph["notes"] = notes
    return graph
