"""One node per cited document, whatever the citation form (issue 15).

A cited document's IRI is keyed on its normalised 文号 where one is known, else on its normalised title
(:func:`document_iri`). The 文号 is known from the citation itself (《T》(N)), from another citation of the same
title in the same document (a title+文号 citation binds both forms), or from the registry of frequently cited
documents (``ontology/vocab/documents.ttl``), which also gives a title to a bare 文号 and ties a document's other
titles (国务院关于印发质量发展纲要（2011—2020年）的通知, 质量发展纲要) to it. Normalising (``iris.key``) ignores
spaces, brackets, quotes, dashes and 、, and 年 after a year: 《中共中央、国务院关于…》 and 《中共中央 国务院关于…》
are one document, and so are 国发〔2012〕9号 and 国发[2012]9号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from policykg import iris
from policykg.namespaces import PK


def normal_number(number: str) -> str:
    """国发[2012]09号, 国发 (2012) 9 号 → 国发〔2012〕9号."""
    text = re.sub(r"\s", "", number)
    text = re.sub(r"[\[(【（［]((?:19|20)\d\d)[\])】）］]", r"〔\1〕", text)
    return re.sub(r"〕0+(?=\d)", "〕", text)


def document_iri(title: str | None, number: str | None) -> URIRef:
    """The node of a cited document: keyed on its 文号 where known, else on its title."""
    if number:
        return iris.shared("citation", normal_number(number))
    return iris.shared("citation", title or "")


@dataclass(frozen=True)
class Registered:
    iri: URIRef
    title: str
    number: str | None
    titles: tuple[str, ...]


class Registry:
    """The registry of frequently cited documents, by title (any of its titles) and by 文号."""

    def __init__(self, documents: tuple[Registered, ...] = ()) -> None:
        self.documents = documents
        self.by_title = {iris.key(t): d for d in documents for t in d.titles}
        self.by_number = {iris.key(normal_number(d.number)): d for d in documents if d.number}

    @classmethod
    def read(cls, graph: Graph) -> Registry:
        out = []
        for node in sorted(n for n in set(graph.subjects(RDF.type, PK.PolicyDocument)) if isinstance(n, URIRef)):
            title = graph.value(node, DCTERMS.title)
            if title is None:
                continue
            number = graph.value(node, PK.docNumber)
            alts = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
            out.append(Registered(node, str(title), str(number) if number is not None else None,
                                  (str(title), *alts)))
        return cls(tuple(out))

    def find(self, title: str | None, number: str | None) -> Registered | None:
        """The registered document a citation names: by its title first (a text may misprint the 文号), else by
        its 文号."""
        if title and (found := self.by_title.get(iris.key(title))):
            return found
        if number:
            return self.by_number.get(iris.key(normal_number(number)))
        return None


@dataclass(frozen=True)
class Identity:
    iri: URIRef
    title: str | None
    number: str | None


def identify(title: str | None, number: str | None, registry: Registry,
             bound: dict[str, str] | None = None) -> Identity:
    """Who a citation names: the registered document, else the node keyed on its 文号 (its own, or the one another
    citation of the same title in the document gives: ``bound``, title key → 文号), else on its title."""
    if title and not number and bound:
        number = bound.get(iris.key(title))
    found = registry.find(title, number)
    if found is not None:
        return Identity(found.iri, found.title, found.number or (normal_number(number) if number else None))
    number = normal_number(number) if number else None
    return Identity(document_iri(title, number), title, number)
