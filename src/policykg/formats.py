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
    kind: str          # "dataset" (quads), "graph" (triples) or "results" (SPARQL results)


FORMATS: tuple[Format, ...] = (
    Format("nquads", "application/n-quads", ".nq", "nquads", "N_QUADS", "dataset"),
    Format("trig", "application/trig", ".trig", "trig", "TRIG", "dataset"),
    Format("turtle", "text/turtle", ".ttl", "turtle", "TURTLE", "graph"),
    Format("ntriples", "application/n-triples", ".nt", "nt", "N_TRIPLES", "graph"),
    Format("jsonld", "application/ld+json", ".jsonld", "json-ld", "JSON_LD", "dataset"),
    Format("rdfxml", "application/rdf+xml", ".rdf", "xml", "RDF_XML", "graph"),
    Format("json", "application/sparql-results+json", ".srj", "json", "JSON", "results"),
    Format("xml", "application/sparql-results+xml", ".srx", "xml", "XML", "results"),
    Format("csv", "text/csv", ".csv", "csv", "CSV", "results"),
    Format("tsv", "text/tab-separated-values", ".tsv", "tsv", "TSV", "results"),
)

BY_NAME = {f.name: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
EXPORT_FORMATS = ("nquads", "trig", "turtle", "jsonld")


def get(name: str) -> Format:
    try:
        return BY_NAME[name]
    except KeyError:
        from .errors import PolicyKGError

        raise PolicyKGError(f"unknown format {name!r}; choose one of {', '.join(BY_NAME)}") from None
