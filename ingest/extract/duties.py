"""Duties: what a text assigns to named agencies outside task marks.

Three shapes, all starting a sentence with a run of agency names:

- a colon list item, "6.市质监局:牵头组织产品质量提升工作";
- a distributive duty, "市质监局、市住建委、市发改委、市环保局分别牵头负责产品、工程、服务、环境质量建设工作",
  which pairs agencies with domains in order;
- a plain one, "市质强委负责创建工作的组织领导", "各区人民政府、开发区管委会和相关部门要认真落实...".

A duty that leads a quality domain (产品/工程/服务/环境质量) carries that domain; goals of the domain are then
owned by the agency (see :func:`policykg.ingest.extract.assign_owners`).
"""

from __future__ import annotations

import re

from ..layout import Document
from ..records import Duty
from .agencies import Context, find_mentions

DOMAIN_WORDS = {"产品": "product", "工程": "engineering", "建筑": "engineering", "服务业": "service",
                "服务": "service", "环境": "environment", "生态": "environment", "政府工作": "government"}
DOMAIN = "|".join(sorted(DOMAIN_WORDS, key=len, reverse=True))
#: "牵头负责产品、工程质量建设", "牵头推进产品、工程、服务质量提升", "负责抓好环境质量…".
DOMAIN_DUTY = re.compile(rf"(?:牵头|负责)(?:负责|组织|推进|推动|抓好|开展|实施|做好){{0,2}}"
                         rf"(?P<domains>(?:{DOMAIN})(?:、(?:{DOMAIN}))*)质量")
JOINER = re.compile(r"\s*(?:、|,|和|及|与|以及)\s*")
#: What follows the names of a duty holder: a colon, or a verb of responsibility.
DUTY_START = re.compile(r"\s*(?::|要|应|须|必须|将(?=[^,;。]{2,}(?:纳入|列入|作为))"
                        r"|(?:分别|具体|统一|同时|共同|每年|定期|适时)?(?:牵头|负责|承担|会同|组织|领导|协调|统筹|指导|对|设在))")
OTHERS = re.compile(r"(?:其他|其余)?(?:各)?(?:相关|有关)(?:部门|单位)")
LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}[.、]|\(\d{1,3}\)|[一二三四五六七八九十]{1,3}、)?\s*(?:由(?=[省市县区各]))?")
GENERIC_TAIL = re.compile(r"(?:和|及|、)?(?:相关部门|有关部门|其他各相关部门|新闻单位)")


def _leading_agencies(text: str, ctx: Context) -> tuple[list[str], int]:
    """The run of agency names a sentence starts with, and where the run ends."""
    at = LIST_NUMBER.match(text)
    pos = at.end() if at else 0
    names: list[str] = []
    for f in find_mentions(text, ctx):
        if f.start < pos:
            continue
        gap = text[pos : f.start]
        if f.start != pos and not JOINER.fullmatch(gap):
            break
        names.append(f.surface)
        pos = f.end
    tail = GENERIC_TAIL.match(text, pos)
    if tail and names:
        pos = tail.end()
    return names, pos


def domains_of(duty: str) -> list[str]:
    m = DOMAIN_DUTY.search(duty)
    if not m:
        return []
    return [DOMAIN_WORDS[d] for d in m.group("domains").split("、")]


def parse_duties(text: str, ctx: Context) -> list[tuple[str, str, str | None]]:
    """(agency, duty, domain) for one sentence; empty when it assigns nothing.

    A sentence may chain holders: "市质强委负责创建工作的组织领导,市质强委办公室具体负责日常组织协调工作".
    """
    out: list[tuple[str, str, str | None]] = []
    starts = [0] + [m.end() for m in re.finditer(",", text)]
    heads = []
    for at in starts:
        names, end = _leading_agencies(text[at:], ctx)
        if names and DUTY_START.match(text, at + end):
            heads.append((at, names, at + end))
        elif at and OTHERS.match(text, at):
            heads.append((at, [], at))
    for i, (_, names, end) in enumerate(heads):
        stop = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(text)
        duty = text[end:stop].lstrip(" :").strip(" ,")
        if not names or len(duty) < 4:
            continue
        domains = domains_of(duty)
        if "分别" in duty[:6] and len(domains) == len(names) > 1:
            out.extend((n, _domain_duty(duty, d), d) for n, d in zip(names, domains, strict=True))
            continue
        domain = domains[0] if len(domains) == 1 else None
        out.extend((n, duty, domain) for n in names)
    return out


def _domain_duty(duty: str, domain: str) -> str:
    """"分别牵头负责产品、工程质量建设工作" for product → "牵头负责产品质量建设工作"."""
    word = next(w for w, d in DOMAIN_WORDS.items() if d == domain)
    m = DOMAIN_DUTY.search(duty)
    if not m:
        return duty
    picked = next((w for w in m.group("domains").split("、") if DOMAIN_WORDS[w] == domain), word)
    return (duty[: m.start("domains")] + picked + duty[m.end("domains") :]).replace("分别", "", 1)


def extract_duties(doc: Document, ctx: Context,
                   skip: list[tuple[int, int]] | tuple[tuple[int, int], ...] = ()) -> list[Duty]:
    """Duties in every sentence outside task marks (``skip``)."""
    out = []
    for sentence in doc.sentences:
        if any(a <= sentence.start < b for a, b in skip):
            continue
        for agency, duty, domain in parse_duties(sentence.text, ctx):
            out.append(Duty(agency=agency, duty=duty, domain=domain,
                            evidence=doc.evidence(sentence.start, sentence.end)))
    return out
