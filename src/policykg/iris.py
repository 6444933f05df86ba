"""Stable instance IRIs under https://w3id.org/policykg/id/ (and the named graph of each document)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .namespaces import DOCUMENT_GRAPH_BASE, PKR

#: What a label's key ignores: spaces, quotes, brackets, every dash and tilde, middle dots and punctuation, so
#: 《质量发展纲要（2011—2020年）》 and 质量发展纲要(2011-2020) are one document.
_KEY_IGNORES = re.compile(r"[\s《》〈〉“”‘’\"'「」『』()（）〔〕\[\]【】{}"
                          r"\-‐‑‒–—―－−﹣─━~～〜·•・‧、,，.。:：;；!！?？]")


def key(text: str, length: int = 12) -> str:
    """A short stable hash of a normalised label: equal labels give equal keys."""
    folded = unicodedata.normalize("NFKC", text)
    folded = _KEY_IGNORES.sub("", folded)
    folded = re.sub(r"(?<=\d{4})年", "", folded)   # (2011-2020年) and (2011-2020) name one period
    return hashlib.sha1(folded.encode("utf-8"), usedforsecurity=False).hexdigest()[:length]


def document_id(source_file: str, folder: str = "") -> str:
    """The id of an ingested document: its file name's stem, and a short hash of its folder and file name.

    The same file gives the same id every time and on any machine (``corpus/demo/003_x.txt`` →
    ``003_x-…``, whatever the working directory); two files of one name in different folders
    (``2020/index.html``, ``2021/index.html``) are two documents, and so are ``p.txt`` and ``p.html``.
    A stem that is not plain ASCII is left out: the id is then ``f`` and the hash.
    """
    stem = source_file.rpartition(".")[0] if "." in source_file else source_file
    where = f"{folder}/{source_file}".encode()
    digest = hashlib.sha1(where, usedforsecurity=False).hexdigest()[:8]
    if re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", stem):
        return f"{stem}-{digest}"
    return f"f{digest}"


def document(source_file: str, folder: str = "") -> URIRef:
    return PKR[f"doc/{document_id(source_file, folder)}"]


def document_graph(source_file: str, folder: str = "") -> str:
    return DOCUMENT_GRAPH_BASE + document_id(source_file, folder)


def local(doc_id: str, kind: str, n: int | str) -> URIRef:
    """A node that belongs to one document: goal, task, section, incentive, evidence."""
    return PKR[f"{kind}/{doc_id}/{n}"]


def shared(kind: str, label: str) -> URIRef:
    """A node shared across documents by its label: industry, award, designation, cited document."""
    return PKR[f"{kind}/{key(label)}"]


def agency(jurisdiction: str, full_name: str) -> URIRef:
    """An agency of one jurisdiction; the same full name in another jurisdiction is another agency."""
    return PKR[f"agency/{key(jurisdiction, 8)}-{key(full_name)}"]
