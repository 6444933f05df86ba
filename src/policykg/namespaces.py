"""Every namespace the project uses, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

PK = Namespace("https://w3id.org/policykg/ontology#")
PKR = Namespace("https://w3id.org/policykg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: The named graph that holds the ontology and the shared vocabularies.
ONTOLOGY_GRAPH = "https://w3id.org/policykg/graph/ontology"
#: Prefix of the one named graph per ingested document.
DOCUMENT_GRAPH_BASE = "https://w3id.org/policykg/graph/doc/"

PREFIXES: dict[str, str] = {
    "pk": str(PK),
    "pkr": str(PKR),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The PREFIX header every built-in query starts with."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = [
    "DCTERMS", "DOCUMENT_GRAPH_BASE", "ONTOLOGY_GRAPH", "ORG", "OWL", "PK", "PKR", "PREFIXES", "PROV",
    "RDF", "RDFS", "SD", "SH", "SKOS", "XSD", "sparql_prefixes",
]
