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


def document_id(source_file: str) -> str:
    """The id of an ingested document, from its file name: ASCII names stay readable.

    Plain text keeps the bare stem (``003_x.txt`` → ``003_x``); other formats add their suffix
    (``p.html`` → ``p-html``), so ``p.txt``, ``p.html`` and ``p.pdf`` are three documents, not one.
    """
    stem, _, suffix = source_file.rpartition(".") if "." in source_file else (source_file, "", "")
    if suffix.lower() not in ("txt", "text", ""):
        stem = f"{stem}-{suffix.lower()}"
    if re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", stem):
        return stem
    return "f" + key(source_file)


def document(source_file: str) -> URIRef:
    return PKR[f"doc/{document_id(source_file)}"]


def document_graph(source_file: str) -> str:
    return DOCUMENT_GRAPH_BASE + document_id(source_file)


def local(doc_id: str, kind: str, n: int | str) -> URIRef:
    """A node that belongs to one document: goal, task, section, incentive, evidence."""
    return PKR[f"{kind}/{doc_id}/{n}"]


def shared(kind: str, label: str) -> URIRef:
    """A node shared across documents by its label: industry, award, designation, cited document."""
    return PKR[f"{kind}/{key(label)}"]


def agency(jurisdiction: str, full_name: str) -> URIRef:
    """An agency of one jurisdiction; the same full name in another jurisdiction is another agency."""
    return PKR[f"agency/{key(jurisdiction, 8)}-{key(full_name)}"]
