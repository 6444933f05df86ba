"""The ontology as a human-readable page: every class and property with its labels, comment,
domain and range, and a summary of each vocabulary. Rendered from the Turtle, so it never goes stale."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg.namespaces import PK, PREFIXES

from . import ontology_path, vocabulary_paths


@dataclass(frozen=True)
class Term:
    iri: str
    kind: str          # Class | ObjectProperty | DatatypeProperty | NamedIndividual
    label_en: str
    label_zh: str
    comment: str
    domain: str
    range: str
    parents: tuple[str, ...]


def curie(iri: object) -> str:
    text = str(iri)
    for prefix, base in PREFIXES.items():
        if text.startswith(base):
            return f"{prefix}:{text[len(base):]}"
    return text


def _label(g: Graph, node: URIRef, lang: str) -> str:
    return next((str(o) for o in g.objects(node, RDFS.label) if getattr(o, "language", None) == lang), "")


def terms(g: Graph) -> list[Term]:
    found = []
    for kind in ("Class", "ObjectProperty", "DatatypeProperty", "NamedIndividual"):
        for node in sorted(set(g.subjects(RDF.type, OWL[kind])), key=str):
            if not isinstance(node, URIRef) or not str(node).startswith(str(PK)):
                continue
            found.append(Term(
                iri=str(node), kind=kind, label_en=_label(g, node, "en"), label_zh=_label(g, node, "zh"),
                comment=str(g.value(node, RDFS.comment) or ""),
                domain=curie(g.value(node, RDFS.domain) or ""), range=curie(g.value(node, RDFS.range) or ""),
                parents=tuple(curie(p) for p in g.objects(node, RDFS.subClassOf | RDFS.subPropertyOf)),
            ))
    return found


def vocabulary_summary() -> list[tuple[str, int, list[str]]]:
    """(file, number of concepts, a few preferred labels) per vocabulary file."""
    rows = []
    for path in vocabulary_paths():
        g = Graph().parse(path, format="turtle")
        concepts = sorted({s for s in g.subjects(SKOS.prefLabel, None)}, key=str)
        labels = [str(g.value(c, SKOS.prefLabel)) for c in concepts[:8]]
        rows.append((path.name, len(concepts), labels))
    return rows


def render() -> str:
    g = Graph().parse(ontology_path(), format="turtle")
    sections = []
    titles = {"Class": "Classes", "ObjectProperty": "Object properties",
              "DatatypeProperty": "Datatype properties", "NamedIndividual": "Named individuals"}
    all_terms = terms(g)
    for kind, title in titles.items():
        rows = "".join(
            f'<tr id="{escape(curie(t.iri)[3:])}"><td><code>{escape(curie(t.iri))}</code></td>'
            f"<td>{escape(t.label_zh)}<br>{escape(t.label_en)}</td><td>{escape(t.comment)}</td>"
            f"<td>{escape(t.domain)}</td><td>{escape(t.range)}</td><td>{escape(', '.join(t.parents))}</td></tr>"
            for t in all_terms if t.kind == kind)
        sections.append(f"<h2>{title}</h2><table><tr><th>term</th><th>label</th><th>meaning</th>"
                        f"<th>domain</th><th>range</th><th>parent</th></tr>{rows}</table>")
    vocab = "".join(f"<tr><td><code>{escape(name)}</code></td><td>{n}</td><td>{escape('、'.join(labels))}</td></tr>"
                    for name, n, labels in vocabulary_summary())
    prefixes = "".join(f"<tr><td><code>{p}:</code></td><td><code>{escape(i)}</code></td></tr>"
                       for p, i in PREFIXES.items())
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>policykg ontology</title>
<style>body{{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2rem;max-width:90rem}}
table{{border-collapse:collapse;width:100%;margin-bottom:2rem}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;
vertical-align:top;text-align:left}}th{{background:#f3f3f3}}code{{font-size:.9em}}</style></head><body>
<h1>policykg ontology <small>质量强市政策知识图谱本体</small></h1>
<p>Policy documents, quantified goals, tasks, agencies and their function types, industries, award programmes,
designations and regions, with the evidence behind every extracted fact. Reuses DCMI terms, SKOS, the W3C
Organization Ontology and PROV-O. Source: <code>ontology/policykg.ttl</code>;
shapes: <code>ontology/shapes.ttl</code>.</p>
<h2>Namespaces</h2><table>{prefixes}</table>
{''.join(sections)}
<h2>Vocabularies</h2><table><tr><th>file</th><th>concepts</th><th>examples</th></tr>{vocab}</table>
</body></html>"""
