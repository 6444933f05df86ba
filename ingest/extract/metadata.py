"""Document metadata: title, type, 文号, issue date, issuing bodies, city, province and level.

Everything is read from the head of the text (the title block, a site's index box, the signature and
date lines) and, for the jurisdiction, from the issuer and title first and then the whole text through the
regions vocabulary (:mod:`.jurisdiction`). The issue date keeps the precision the text gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import Document
from ..link.vocabulary import Vocabulary, packaged
from ..records import DocumentMeta
from ..words import HAN, alternation, digits, fold_title, genres, numerals, used
from .jurisdiction import DOCNO, locate, plan_level

#: Genre words that end a title, longest first (the document type).
GENRES = genres()
_GENRE = "|".join(GENRES)
#: What may follow the genre word: (试行), (2019-2021年), (2016—2025年), (征求意见稿).
_SUFFIX = (r"(?:\((?:试行|暂行|修订|修订稿|征求意见稿|送审稿|草案"
           r"|(?:19|20)\d\d(?:年)?(?:[-—–~至](?:19|20)?\d\d年?)?)\))*")
TITLE_LINE = re.compile(rf"^[{HAN}0-9()《》“”\"、—\-·]{{4,80}}?(?:{_GENRE}){_SUFFIX}$")
WRAPPER = re.compile(rf"关于(?:印发|转发|下发|公布)《?([^《》\n]{{4,80}}?(?:{_GENRE}){_SUFFIX})》?的(?:通知|函)")
ISSUED_AS = re.compile(rf"印发(?:了)?《([^《》\n]{{4,80}}?(?:{_GENRE}){_SUFFIX})》")
OWN_GENRE = re.compile(r"(?:现|特|特此)?(?:提出|制定|制订|拟定)(?:本|如下|以下)?"
                       rf"({alternation(used('genres', 'own'), longest_first=False)})")

CN_NUM = "".join(numerals("date"))
DATE_DIGITS = digits("date")
DATE = re.compile(rf"((?:19|20)\d\d|[{CN_NUM}]{{4}})\s*年\s*(\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*月"
                  rf"(?:\s*(\d{{1,2}}|[{CN_NUM}]{{1,3}})\s*日)?")
ISO_DATE = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
SIGNED_LABEL = re.compile(r"(成文日期|印发日期|签发日期|发文日期)\s*[:：]?\s*$")
DATE_LABEL = re.compile(r"(成文日期|印发日期|签发日期|发文日期|发布日期|发布时间|公布日期|日期)\s*[:：]?\s*$")
DOCNO_LABEL = re.compile(r"(?:文\s*号|发文字号|文件编号|发文号)\s*[:：]\s*$")

__all__ = ["extract_metadata", "find_doc_number", "find_issued", "find_title", "plan_level"]

ISSUER_WORD = rf"(?:{alternation(used('agency-suffixes', 'issuer'), longest_first=False)})"
SIGNATURE = re.compile(rf"^(?:中共)?[{HAN}()]{{2,30}}{ISSUER_WORD}$")
PUBLISHER_LABEL = re.compile(rf"(?:发布机构|发文机关|发文单位|发布单位|来源)\s*[:：]\s*([{HAN}]{{2,30}}{ISSUER_WORD})")
TITLE_ISSUER = re.compile(rf"^((?:中共)?[{HAN}]{{0,20}}{ISSUER_WORD}(?:[、和,][{HAN}]{{1,20}}{ISSUER_WORD})*)关于")
#: "市委、市政府印发了《…》", "市人民政府决定", "省质监局、省经信委……决定联合开展".
ACTS = re.compile(rf"((?:(?:中共)?[{HAN}()]{{1,20}}?{ISSUER_WORD}[、和,]?){{1,12}})"
                  r"(?:联合)?(?:印发(?:了)?|决定|研究决定|同意)")
_AGENCY_SPLIT = re.compile(r"[、,和]")

@dataclass(frozen=True)
class _Line:
    text: str
    start: int


def _lines(text: str, limit: int | None = None) -> list[_Line]:
    """Non-empty lines; a table row whose cells the reader joined with " | " (a web index box) gives one line per
    cell, as if read cell by cell."""
    out, at = [], 0
    for raw in text.split("\n"):
        for cell in re.finditer(r"[^|]+", raw):
            stripped = cell.group(0).strip()
            if stripped:
                out.append(_Line(stripped, at + cell.start() + cell.group(0).index(stripped)))
        at += len(raw) + 1
        if limit and len(out) >= limit:
            break
    return out


def cn_number(text: str) -> int | None:
    """Arabic or Chinese numerals (二○一一 → 2011, 二十八 → 28)."""
    if text.isdigit():
        return int(text)
    digits = DATE_DIGITS
    if "十" in text:
        tens, _, units = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)
    try:
        return int("".join(str(digits[c]) for c in text))
    except KeyError:
        return None


# ------------------------------------------------------------------------------------------- title

def find_title(text: str) -> tuple[str, int, int] | None:
    """The document's own title and its normalised span."""
    head = _lines(text, 40)
    wrapped = None
    for line in head:
        if m := _wrapper(line.text):
            wrapped = (m.group(1), line.start + m.start(1), line.start + m.end(1))
            break
    standalone = []
    for i, line in enumerate(head):
        candidate = line.text.strip("【】[]")
        if TITLE_LINE.match(candidate) and not WRAPPER.search(candidate) and "。" not in candidate:
            at = line.start + line.text.index(candidate)
            standalone.append((candidate, at, at + len(candidate)))
        elif i + 1 < len(head) and len(line.text) <= 40 and re.fullmatch(rf"[{HAN}()、“”]+", line.text):
            joined = line.text + head[i + 1].text
            if TITLE_LINE.match(joined) and not WRAPPER.search(joined) and len(head[i + 1].text) <= 40:
                standalone.append((joined, line.start, head[i + 1].start + len(head[i + 1].text)))
    if wrapped:
        same = [s for s in standalone if fold_title(s[0]) == fold_title(wrapped[0])]
        return same[0] if same else wrapped
    if standalone:
        return standalone[0]
    for line in head[:12]:
        if m := ISSUED_AS.search(line.text):
            return m.group(1), line.start + m.start(1), line.start + m.end(1)
    return None


def _wrapper(line: str) -> re.Match[str] | None:
    """"X关于印发《T》的通知" as a heading: what precedes 关于 is an issuer, not a sentence citing the notice."""
    m = WRAPPER.search(line)
    if m and not re.search(r"[《,，。;；:：]", line[: m.start()]) and m.start() <= 40:
        return m
    return None


def doc_type(title: str | None, text: str) -> str | None:
    if title:
        bare = re.sub(rf"{_SUFFIX}$", "", title)
        for genre in GENRES:
            if bare.endswith(genre):
                return genre
    m = OWN_GENRE.search(text[:3000])
    return m.group(1) if m else None


# -------------------------------------------------------------------------------------------- date

def _date_value(m: re.Match[str]) -> str | None:
    year, month = cn_number(m.group(1)), cn_number(m.group(2))
    day = cn_number(m.group(3)) if m.group(3) else None
    if year is None or month is None or not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{year}-{month:02d}"


def find_issued(text: str) -> str | None:
    """The date an index box gives as 成文日期 (or 印发/签发/发文日期), else the signing date (a date standing alone on
    its line, not the value of a label such as 发布日期), else a labelled date, else an opening "M月D日, …印发" with the
    year taken from the latest 文号 or date the text cites."""
    lines = _lines(text)
    if signed := _labelled(lines[:40], SIGNED_LABEL):
        return signed
    alone = [v for i, ln in enumerate(lines) if (m := DATE.fullmatch(ln.text.strip("() "))) and (v := _date_value(m))
             and not (i and re.search(r"[:：]\s*$", lines[i - 1].text))]
    if alone:
        return alone[0]
    if labelled := _labelled(lines[:40], DATE_LABEL):
        return labelled
    for ln in lines[:8]:
        if (m := MONTH_DAY.search(ln.text)) and re.search(r"印发|发布|出台|公布", ln.text):
            years = [int(y) for y in re.findall(r"[〔\[(【]\s*((?:19|20)\d\d)\s*[〕\])】]", text)]
            if years:
                return f"{max(years)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return None


def _labelled(lines: list[_Line], label: re.Pattern[str]) -> str | None:
    """The first date (Chinese or ISO form) right after ``label``, the label's cell joined with its value's."""
    for ln in _join_labels(lines):
        for m in DATE.finditer(ln.text):
            if label.search(ln.text[: m.start()]) and (v := _date_value(m)):
                return v
        for iso in ISO_DATE.finditer(ln.text):
            if label.search(ln.text[: iso.start()]) and 1 <= int(iso.group(2)) <= 12:
                day = f"-{int(iso.group(3)):02d}" if iso.group(3) else ""
                return f"{iso.group(1)}-{int(iso.group(2)):02d}{day}"
    return None


def _join_labels(lines: list[_Line]) -> list[_Line]:
    """An index box read cell by cell puts a label ("成文日期:") and its value on separate lines: join them."""
    out: list[_Line] = []
    for i, ln in enumerate(lines):
        if i and re.fullmatch(rf"[{HAN}]{{2,6}}\s*[:：]", lines[i - 1].text):
            out.append(_Line(lines[i - 1].text + ln.text, ln.start - len(lines[i - 1].text)))
        else:
            out.append(ln)
    return out


def find_doc_number(text: str) -> tuple[str, int] | None:
    """The document's own 文号: labelled, or standing alone on a line of the head; cited ones are not."""
    lines = _lines(text, 30)
    for ln in lines:
        for m in DOCNO.finditer(ln.text):
            before = ln.text[: m.start()]
            if DOCNO_LABEL.search(before) or ln.text.strip() == m.group(0):
                return m.group(0), ln.start + m.start()
            label = re.search(r"(?:文\s*号|发文字号)\s*[:：]\s*", before)
            if label and m.start() - label.end() <= 2:
                return m.group(0), ln.start + m.start()
    return None


# --------------------------------------------------------------------------------------- issuers

def find_issuers(text: str, title: str | None) -> tuple[str, ...]:
    """Issuing bodies as the text names them: signature line, title prefix, index box, or the act."""
    lines = _lines(text)
    dates = [i for i, ln in enumerate(lines) if DATE.fullmatch(ln.text.strip("() "))]
    for i in dates:
        names = [ln.text for ln in lines[max(0, i - 3):i] if SIGNATURE.match(ln.text)]
        if names:
            return tuple(dict.fromkeys(names))
    for i, ln in enumerate(lines[:12]):  # the heading "X关于印发…的通知", X perhaps on the line above
        if _wrapper(ln.text):
            heading = ln.text if not ln.text.startswith("关于") or i == 0 else lines[i - 1].text + ln.text
            if m := TITLE_ISSUER.match(heading):
                return tuple(n for n in _AGENCY_SPLIT.split(m.group(1)) if n)
    if title and (m := TITLE_ISSUER.match(title)):
        return tuple(n for n in _AGENCY_SPLIT.split(m.group(1)) if n)
    for ln in _join_labels(lines[:40]):
        if m := PUBLISHER_LABEL.search(ln.text):
            return (m.group(1),)
    for ln in lines[:15]:
        for m in ACTS.finditer(ln.text):
            if "经" in ln.text[max(0, m.start() - 1):m.start() + 1]:
                continue  # "经省政府同意": the body that approved, not the one that issues
            names = [n.strip("()") for n in _AGENCY_SPLIT.split(m.group(1)) if re.search(f"{ISSUER_WORD}$", n)]
            names = [part for n in names if n for part in _split_joint(_trim_issuer(n))]
            if names:
                return tuple(dict.fromkeys(n for n in names if n))
    return ()


def _split_joint(name: str) -> tuple[str, ...]:
    """"市委市政府" (party committee and government written together) → 市委, 市政府."""
    m = re.fullmatch(rf"((?:中共)?[{HAN}]{{0,6}}?[省市县区]委)((?:[{HAN}]{{0,6}}?)[省市县区](?:人民)?政府)", name)
    return (m.group(1), m.group(2)) if m else (name,)


def _trim_issuer(name: str) -> str:
    """Drop lead-in words glued before an agency name (为认真落实…, …精神,)."""
    m = re.search(rf"(?:中共)?(?:[{HAN}]{{0,8}}?)?[省市县区州盟][{HAN}]{{0,16}}$", name)
    return m.group(0) if m else name


def extract_metadata(doc: Document, vocab: Vocabulary | None = None) -> DocumentMeta:
    text = doc.text
    vocab = vocab or packaged()
    found = find_title(text)
    title = found[0] if found else None
    issuers = find_issuers(text, title)
    docno = find_doc_number(text)
    place = locate(text, title, issuers, vocab, docno[0] if docno else None)
    return DocumentMeta(
        title=title,
        title_evidence=doc.evidence(found[1], found[2]) if found else None,
        doc_type=doc_type(title, text),
        doc_number=docno[0] if docno else None,
        issued=find_issued(text),
        issuers=issuers,
        city=place.city.label if place.city else None,
        province=place.province.label if place.province else None,
        level=place.level,
        county=place.county.label if place.county else None,
    )
