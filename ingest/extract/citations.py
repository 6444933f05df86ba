"""Cited documents: every 《title》 (a policy document, law or standard), and every 文号 cited without a title.

A 文号 in parentheses after a title belongs to it; the document's own title and 文号 are not citations.
"""

from __future__ import annotations

import re

from ..layout import Document
from ..link.vocabulary import fold
from ..records import Mention
from ..words import HAN
from .mentions import mention as _mention

# ------------------------------------------------------------------------------------ citations

CITATION = re.compile(r"《([^《》\n]{2,80})》(?:\s*[(（]\s*([^()（）\n]{2,30}?〔\d{4}〕\d+号)\s*[)）])?")
DOCNO = re.compile(rf"[{HAN}]{{2,12}}[〔\[【]\s*(?:19|20)\d\d\s*[〕\]】]\s*\d{{1,4}}\s*号")
#: Words glued before a 文号 that are not part of it (依照浙质监发〔2012〕56号).
DOCNO_LEAD = re.compile(r"^.*(?:依照|根据|按照|依据|参照|贯彻|落实|执行|印发|转发|见|和|及|与|的)")

def find_citations(doc: Document, own_title: str | None = None) -> list[Mention]:
    src, norm = doc.source, doc.normalized
    text = norm.text
    out: list[Mention] = []
    titled_numbers: set[str] = set()
    own = fold(own_title or "")
    for m in CITATION.finditer(text):
        title = m.group(1).strip()
        number = m.group(2)
        if number:
            titled_numbers.add(re.sub(r"\s", "", number))
        if own and fold(title) == own:
            continue
        out.append(_mention(src, norm, "citation", title, m.start(1), m.end(1), number=number))
    for m in DOCNO.finditer(text):
        lead = DOCNO_LEAD.match(m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        number = re.sub(r"\s", "", text[start:m.end()])
        if number in titled_numbers or _is_own_number(text, start):
            continue
        titled_numbers.add(number)
        out.append(_mention(src, norm, "citation", number, start, m.end(), number=number, untitled="1"))
    return out


def _is_own_number(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    # "文号:" or a web index box's cell "文 号 | " (a row of cells joined by "|") names the document's own number
    return bool(re.search(r"(?:文\s*号|发文字号)\s*[:：]?\s*\|?\s*$", before)) or not before.strip()
