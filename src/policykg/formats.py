"""The one table of serialisation formats and media types."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str          # what users type: --format nquads
    media_type: str    # what HTTP says
    extension: str
    rdflib: str        # rdflib's parser/serialiser name
    oxigraph: str      # pyoxigraph RdfFormat / QueryResultsFormat attribute name
    kind: str          # "dataset" (quads), "graph" (triples), "results" (SPARQL results) or "page" (HTML)
    aliases: tuple[str, ...] = ()  # other media types clients send for it (content negotiation)
    iri: str = ""      # its W3C format IRI (http://www.w3.org/ns/formats/), for the service description


W3F = "http://www.w3.org/ns/formats/"

FORMATS: tuple[Format, ...] = (
    Format("nquads", "application/n-quads", ".nq", "nquads", "N_QUADS", "dataset", (), W3F + "N-Quads"),
    Format("trig", "application/trig", ".trig", "trig", "TRIG", "dataset", ("application/x-trig",), W3F + "TriG"),
    Format("turtle", "text/turtle", ".ttl", "turtle", "TURTLE", "graph", ("application/x-turtle", "application/turtle"),
           W3F + "Turtle"),
    Format("ntriples", "application/n-triples", ".nt", "nt", "N_TRIPLES", "graph", (), W3F + "N-Triples"),
    Format("jsonld", "application/ld+json", ".jsonld", "json-ld", "JSON_LD", "dataset",
           ("application/x-json+ld", "application/json"), W3F + "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", ".rdf", "xml", "RDF_XML", "graph", (), W3F + "RDF_XML"),
    Format("json", "application/sparql-results+json", ".srj", "json", "JSON", "results", ("application/json",),
           W3F + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", ".srx", "xml", "XML", "results", ("application/xml", "text/xml"),
           W3F + "SPARQL_Results_XML"),
    Format("csv", "text/csv", ".csv", "csv", "CSV", "results", (), W3F + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", ".tsv", "tsv", "TSV", "results", (), W3F + "SPARQL_Results_TSV"),
    Format("html", "text/html", ".html", "", "", "page", ("application/xhtml+xml",)),
)

BY_NAME = {f.name: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
#: What `policykg export` writes. The dataset formats keep each document's named graph; the graph formats
#: (and any format with ``union``) hold the merge of every graph, one copy of each triple.
EXPORT_FORMATS = ("nquads", "trig", "jsonld", "turtle", "ntriples", "rdfxml")
#: The other names people give those formats.
EXPORT_NAMES = {"nq": "nquads", "n-quads": "nquads", "json-ld": "jsonld", "ld+json": "jsonld", "ttl": "turtle",
                "nt": "ntriples", "n-triples": "ntriples", "rdf": "rdfxml", "rdf/xml": "rdfxml", "rdf-xml": "rdfxml",
                "owl": "rdfxml"}


def export_format(name: str) -> Format:
    """The export format a user names, by its name or one of its usual spellings (any case)."""
    folded = name.strip().lower()
    folded = EXPORT_NAMES.get(folded, folded)
    if folded not in EXPORT_FORMATS:
        from .errors import PolicyKGError

        raise PolicyKGError(f"unknown export format {name!r}; choose one of {', '.join(EXPORT_FORMATS)} "
                            f"(or {', '.join(EXPORT_NAMES)})")
    return BY_NAME[folded]


def get(name: str) -> Format:
    try:
        return BY_NAME[name]
    except KeyError:
        from .errors import PolicyKGError

        raise PolicyKGError(f"unknown format {name!r}; choose one of {', '.join(BY_NAME)}") from None
