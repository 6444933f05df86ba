"""Document metadata: title, type, 文号, issue date, issuing bodies, city, province and level."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import DocumentMeta, Normalized, Source

HAN = r"\u4e00-\u9fff"
TITLE = re.compile(rf"(?m)^\s*([{HAN}()（）\d-]{{6,60}}(?:实施方案|工作方案|意见|纲要|规划))\s*$")
DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")
DOCNO = re.compile(rf"[{HAN}]{{1,6}}〔(?:19|20)\d\d〕\d+号")
CITY = re.compile(rf"([{HAN}]{{2,3}}市)人民政府")


def extract_metadata(src: Source, norm: Normalized) -> DocumentMeta:
    text = norm.text
    title_match = TITLE.search(text)
    date = DATE.search(text)
    docno = DOCNO.search(text)
    cities = CITY.findall(text)
    city = max(set(cities), key=cities.count) if cities else None
    return DocumentMeta(
        title=title_match.group(1) if title_match else None,
        title_evidence=evidence(src, norm, *title_match.span(1)) if title_match else None,
        doc_number=docno.group(0) if docno else None,
        issued=f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        city=city,
        issuers=(f"{city}人民政府",) if city else (),
    )
