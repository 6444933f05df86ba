"""The SPARQL 1.1 service description (sd: vocabulary) that GET /sparql returns without a query."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from policykg import __version__
from policykg.formats import FORMATS
from policykg.namespaces import PREFIXES, SD
from policykg.settings import Settings

ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")


def service_description(endpoint: str, graphs: list[str], settings: Settings) -> Graph:
    """Describe the endpoint at ``endpoint``: language, result formats, features, dataset and limits."""
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g.bind("sd", SD)
    g.bind("formats", "http://www.w3.org/ns/formats/")
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, DCTERMS.title, Literal("policykg SPARQL endpoint")))
    g.add((service, DCTERMS.hasVersion, Literal(__version__)))
    g.add((service, RDFS.comment, Literal(
        f"Read-only: SPARQL Update is refused. Queries stop after {settings.query_timeout:g} s and return at "
        f"most {settings.max_rows:,} rows. SERVICE federation is "
        f"{'allowed' if settings.allow_service else 'turned off'}. The default graph is the union of all "
        "named graphs unless the request names a dataset (default-graph-uri / named-graph-uri).", lang="en")))
    for fmt in FORMATS:
        if fmt.iri and fmt.kind in ("results", "graph", "dataset"):
            g.add((service, SD.resultFormat, URIRef(fmt.iri)))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.allow_service:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT_SIMPLE))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g
