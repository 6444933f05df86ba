"""Cited documents: every 《title》 (a policy document, law or standard), and every 文号 cited without a title.

A 文号 in parentheses after a title belongs to it; the document's own title and 文号 are not citations, nor is
the plan a wrapper notice hands out (现将《…》印发给你们). An alias the text defines (《质量强国建设纲要》(以下简称
《纲要》)) names the document it stands for: every 《纲要》 after it is a citation of 《质量强国建设纲要》. Each mention
carries its document's node (``concept``), keyed on the 文号 where one is known (its own, another citation's of the
same title, or the registry's), else on the title: one node per cited document whatever the form, within a
document and across documents (issue 15; :mod:`policykg.ingest.link.citations`).
"""

from __future__ import annotations

import re

from policykg import iris

from ..layout import Document
from ..link.citations import identify, normal_number
from ..link.vocabulary import Vocabulary, fold, packaged
from ..records import Mention
from ..words import HAN
from .mentions import mention as _mention

# ------------------------------------------------------------------------------------ citations

CITATION = re.compile(r"《([^《》]{2,80})》(?:\s*[(（]\s*([^()（）]{2,30}?〔\s*\d{4}\s*〕\s*\d+\s*号)\s*[)）])?")
DOCNO = re.compile(rf"[{HAN}]{{2,12}}[〔\[【]\s*(?:19|20)\d\d\s*[〕\]】]\s*\d{{1,4}}\s*号")
#: An alias the text defines for a title: 《质量强国建设纲要》(以下简称《纲要》).
ALIAS = re.compile(r"《([^《》]{2,80})》\s*[(（]\s*以\s*下\s*简\s*称\s*[《“\"]([^《》“”\"\n]{1,20})[》”\"]\s*[)）]")
#: The plan a wrapper notice hands out is the document itself: 现将《…》印发给你们, 《…》已经市人民政府同意.
HANDED_OUT = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）])?\s*(?:已经[^,，。]{0,16}同意|印发给你们|现印发给你们)")

#: Words glued before a 文号 that are not part of it (依照浙质监发〔2012〕56号).
DOCNO_LEAD = re.compile(r"^.*(?:依照|根据|按照|依据|参照|贯彻|落实|执行|印发|转发|见|和|及|与|的)")

def find_citations(doc: Document, own_title: str | None = None, vocab: Vocabulary | None = None,
                   own_number: str | None = None) -> list[Mention]:
    """Every document the text cites, each mention naming its document's node (``concept``): one node per cited
    document whatever the form, never the document itself (:mod:`policykg.ingest.link.citations`)."""
    src, norm = doc.source, doc.normalized
    text = norm.text
    vocab = vocab or packaged()
    if own_number is None:
        from .metadata import find_doc_number

        found_own = find_doc_number(text)
        own_number = found_own[0] if found_own else None
    own_key = iris.key(normal_number(own_number)) if own_number else None
    found: list[tuple[str, int, int, str | None, str | None, bool]] = []   # surface, a, b, title, number, untitled
    titled_numbers: set[str] = set()
    own = fold(own_title or "")
    # a wrapper notice's title names the plans it hands out: 关于印发《A》和《B》的通知 cites neither
    handed = ({fold(t) for t in re.findall(r"《([^《》]+)》", own_title)}
              if own_title and re.search(r"(?:印发|转发|颁发|发布)《", own_title) else set())
    aliases = {fold(a.group(2)): re.sub(r"\s", "", a.group(1)) for a in ALIAS.finditer(text)}
    definitions = [(a.start(2), a.end(2)) for a in ALIAS.finditer(text)]
    for m in CITATION.finditer(text):
        if "\n\n" in m.group(1) or m.group(1).count("\n") > 2:
            continue   # brackets that do not close on the next lines
        title = re.sub(r"\s*\n\s*", "", m.group(1)).strip()   # a title wrapped over lines (PDF)
        number = re.sub(r"\s", "", m.group(2)) if m.group(2) else None
        if number:
            titled_numbers.add(iris.key(normal_number(number)))
        if own and (fold(title) == own or (min(len(own), len(fold(title))) >= 8 and
                                           (own.startswith(fold(title)) or own in fold(title)))):
            continue   # the document's own title, with or without its period (…方案 for …方案(2023—2025年))
        if fold(title) in handed:
            continue   # a plan the wrapper notice hands out (named in its title)
        if number and iris.key(normal_number(number)) == own_key:
            continue   # the document's own 文号
        if text[max(0, m.start() - 3):m.start()].endswith("现将") or HANDED_OUT.match(text, m.end()):
            continue   # the plan itself, handed out by its wrapper notice
        if any(a - 1 <= m.start(1) and m.end(1) <= b + 1 for a, b in definitions):
            continue   # the alias being defined
        full = aliases.get(fold(title))
        found.append((title, m.start(1), m.end(1), full or title, number, False))
    for m in DOCNO.finditer(text):
        lead = DOCNO_LEAD.match(m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        number = re.sub(r"\s", "", text[start:m.end()])
        key = iris.key(normal_number(number))
        if key in titled_numbers or key == own_key or _is_own_number(text, start):
            continue
        titled_numbers.add(key)
        found.append((number, start, m.end(), None, number, True))
    # a title+文号 citation binds both forms within the document
    bound = {iris.key(t): n for _, _, _, t, n, _ in found if t and n}
    out = []
    for surface, a, b, cited_title, cited_number, untitled in found:
        who = identify(cited_title, cited_number, vocab.documents, bound)
        attrs: dict[str, str] = {"concept": str(who.iri)}
        if who.number:
            attrs["number"] = who.number
        if untitled:
            attrs["untitled"] = "1"
            if who.title and who.title != cited_title:
                attrs["label"] = who.title      # a bare 文号 the registry knows by its title
        elif who.title and who.title != surface:
            attrs["label"] = who.title          # an alias (《纲要》), or another title of a registered document
        out.append(_mention(src, norm, "citation", surface, a, b, **attrs))
    return out


def _is_own_number(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    # "文号:" or a web index box's cell "文 号 | " (a row of cells joined by "|") names the document's own number
    return bool(re.search(r"(?:文\s*号|发文字号)\s*[:：]?\s*\|?\s*$", before)) or not before.strip()
