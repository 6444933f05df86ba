"""Named entities: industries, award programmes, designations, cited documents, and incentives.

Each finder works on the normalised text and cuts its quote from the source through the offset map.
Mentions carry the surface form as written (simplified) and, in ``attrs``, what resolution needs:
``concept`` (the vocabulary IRI when the name matches one), ``label`` (the canonical label), ``level``,
``role`` (an industry's role: traditional / emerging / pillar), ``number`` (a cited 文号).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalize import evidence
from .records import Incentive, Mention, Normalized, Source
from .vocab import Concept, awards, designations, fold, index, lookup

HAN = r"\u4e00-\u9fff"
NAME = rf"(?:(?![和及与])[{HAN}A-Za-z0-9()])"

# ----------------------------------------------------------------------------------------- awards

#: A government quality award named by its level: 河南省省长质量奖, 省政府质量奖, 许昌市市长质量奖(提名奖).
GOV_AWARD = re.compile(rf"((?:[{HAN}]{{2,8}}?[省市县区州])?)"
                       r"(省长|市长|县长|区长|州长|主席|省政府|省人民政府|市政府|市人民政府|县政府|区政府|人民政府|政府)"
                       r"质量(?:管理)?奖(提名奖)?(?!励|惩|金|项|评审)")
#: Other named prizes: 中国标准创新贡献奖, 省市政示范工程金奖, “瓯江杯”.
NAMED_PRIZE = re.compile(rf"((?:中国|全国|国家|省|市)[{HAN}]{{2,12}}?(?:金奖|银奖|大奖|贡献奖|创新奖|工程奖|质量奖))"
                         rf"(?!励|惩|金|项)")
CUP = re.compile(rf"[“\"]([{HAN}]{{2,4}}杯)[”\"]|([{HAN}]{{2}}杯)(?=等|奖|、|和)")
LEVELS = {"中国": "National", "全国": "National", "国家": "National", "省": "Provincial", "市": "Municipal",
          "县": "County", "区": "County"}

# ------------------------------------------------------------------------------------ designations

DESIGNATION_SUFFIX = (r"(?:示范城市|示范市|示范县|示范区|示范镇|示范单位|示范基地|示范建设单位|先行区|集聚区|模范城市|"
                      r"特色小镇|生态县|生态乡镇|生态村|生态市|文明城市|卫生城市|园林城市|森林城市)")
#: Verbs that pursue a title; the items right after one (an enumeration) are candidates.
PURSUE = re.compile(r"(?:积极|深入|全力|大力)?(?:争创(?![建成])|创建|申报|创成|成功创建|开展|建设|推进|打造|建成|"
                    r"成为|获得|命名|授予|做大做强|完成|培育|组织申报|争取)")
QUANTITY = re.compile(r"^(?:\d+(?:\.\d+)?(?:至|-|~)?\d*(?:个|家|批|项)?|一批|[一二三四五六七八九十]+个"
                      r"|(?:国家级|省级|市级)(?:、(?:国家级|省级|市级))*)")
ITEM = re.compile(rf"[“\"]?{NAME}{{2,30}}?(?:\([^()]{{1,12}}\){NAME}{{0,12}}?)?{DESIGNATION_SUFFIX}[”\"]?"
                  rf"|[“\"][^“”\"\n]{{3,30}}[”\"]")
LEVEL_PREFIX = re.compile(r"^(?:国家级|省级以上|省级|市级以上|市级|县级|全市|全省)")

# ------------------------------------------------------------------------------------ citations

CITATION = re.compile(r"《([^《》\n]{2,80})》(?:\s*[(（]\s*([^()（）\n]{2,30}?〔\d{4}〕\d+号)\s*[)）])?")
DOCNO = re.compile(rf"[{HAN}]{{2,12}}[〔\[【]\s*(?:19|20)\d\d\s*[〕\]】]\s*\d{{1,4}}\s*号")
#: Words glued before a 文号 that are not part of it (依照浙质监发〔2012〕56号).
DOCNO_LEAD = re.compile(r"^.*(?:依照|根据|按照|依据|参照|贯彻|落实|执行|印发|转发|见|和|及|与|的)")

# ------------------------------------------------------------------------------------ industries

#: What an enumeration of industries is followed by: 等传统特色制造业, 等7大战略性新兴产业, 等重点领域.
INDUSTRY_HEAD = re.compile(rf"(?:等(?:\d+|[一二三四五六七八九十]+)?大?|(?:\d+|[一二三四五六七八九十]+)大)?"
                           rf"([{HAN}]{{0,8}}?(?:产业|行业|制造业|服务业|服务行业|领域|消费品|检测中心|检验中心|"
                           rf"质检中心|创新中心|产品质量提升|品牌))")
#: An enumeration: items separated by 、, the last one stopping before 等, a head word or the clause end.
LIST = re.compile(r"(?:[^、,;:。()“”\"\n等]{1,14}、)+[^、,;:。()“”\"\n等]{1,14}?"
                  r"(?=等|领域|行业|(?:\d+|[一二三四五六七八九十]+)大|[,;:。\n]|$)")
#: Endings of names of industries and product sectors (for lists the vocabulary does not cover).
INDUSTRY_END = re.compile(r"(?:产业|行业|业|装备|机械|设备|材料|制造|服务|技术|汽车|医药|零部件|电器|用品|"
                          r"产品|物流|信息|器械|能源|化工|纺织|电子|服饰|洁具|机床|通讯|通信|药物|医疗|计算|数据|网)$")
#: A development zone whose industry list follows (德清经济开发区重点发展…).
ZONE = re.compile(rf"([{HAN}]{{2,12}}?(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|工业园区|产业园区|"
                  rf"产业园|产业集聚区|临空经济区|新区))(?:要|将|应)?(?:重点|着力|加快|大力)?(?:发展|培育|打造|建设|壮大)")
ROLES = (("传统", "traditional"), ("新兴", "emerging"), ("支柱", "pillar"), ("主导", "leading"), ("优势", "leading"))
#: Umbrella categories, not industries in their own right.
UMBRELLA = {"战略性新兴产业", "新兴产业", "高新技术产业", "现代服务业", "服务业", "制造业", "传统产业", "传统优势产业",
            "支柱产业", "主导产业", "特色产业", "优势产业", "战略支撑产业", "重点产业", "先进制造业", "现代产业",
            "生产性服务", "生活性服务", "工业", "农业", "产业", "行业", "领域"}
GENERIC = {"产品", "服务", "环境", "工程", "质量", "安全", "市场", "区域", "企业", "技术", "标准", "品牌"}
NOT_INDUSTRY = re.compile(r"(?:规划|建设|管理|治理|监管|工程|项目|制度|体系|标准|企业|部门|机构|单位|政府|"
                          r"活动|工作|能力)$")
VERB_CUT = re.compile(r"^.*(?:发展|提升|推进|加快|加强|培育|壮大|完善|围绕|开展|实施|建设|启动|出台|重点|"
                      r"打造|聚焦|依托|我市|全市|本市|在|对|以|如)")
LEAD_VERB = re.compile(r"^(?:改造提升|培育壮大|做大做强|加快发展|大力发展|积极发展|发展|提升|培育|壮大|做强|打造)")
NEGATIVE = re.compile(r"(?:淘汰|整治|打击|限制|关停|压减|退出|严格执行|禁止|严控)[^,。;]*$")


def _mention(src: Source, norm: Normalized, kind: str, surface: str, start: int, end: int,
             **attrs: str | None) -> Mention:
    return Mention(kind, surface, evidence(src, norm, start, end),
                   tuple((k, v) for k, v in attrs.items() if v))


def _province_concept(province: str | None, table: tuple[Concept, ...]) -> Concept | None:
    if not province:
        return None
    short = province[:2]
    return next((c for c in table if c.level == "Provincial" and c.label.startswith(short)
                 and "质量" in c.label), None)


def find_awards(src: Source, norm: Normalized, province: str | None = None, city: str | None = None) -> list[Mention]:
    text = norm.text
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    concept: Concept | None

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(surface: str, a: int, b: int, concept: Concept | None, label: str, level: str | None) -> None:
        taken.append((a, b))
        found.append(_mention(src, norm, "award", surface, a, b, concept=str(concept.iri) if concept else None,
                              label=concept.label if concept else label, level=(concept.level if concept else level)))

    labels = sorted({(label, c) for c in awards() for label in c.labels if len(label) >= 3},
                    key=lambda lc: -len(lc[0]))
    for label, vocab_concept in labels:
        for m in re.finditer(re.escape(label), text):
            if free(m.start(), m.end()) and not re.match(r"励|惩|评审|提名奖", text[m.end():m.end() + 3]):
                add(label, m.start(), m.end(), vocab_concept, label, None)
    for m in GOV_AWARD.finditer(text):
        if not free(m.start(), m.end()):
            continue
        place, rank, nominee = _place(m.group(1)), m.group(2), m.group(3) or ""
        start = m.end(1) - len(place)
        if re.search(r"以上|各|级|两", place) or (not place and rank in ("市政府", "省政府") and
                                                   re.search(r"[、,]$", text[max(0, m.start() - 2):m.start()])):
            if not place and rank == "市政府" and city:
                place = ""  # "省、市政府质量奖": the generic forms of the province's and the city's awards
            else:
                continue
        if rank in ("政府", "人民政府"):
            if not place:
                continue  # 政府质量奖 with no place: the generic idea, not one programme
            rank = place[-1] + rank
        level = "Provincial" if rank.startswith(("省", "主席")) else "County" if rank[0] in "县区" else "Municipal"
        concept = None
        if level == "Provincial" and not nominee:
            concept = lookup("award", place + rank + "质量奖") or _province_concept(place or province, awards())
        if level == "Municipal":
            where = place if place.endswith("市") else city
            label = f"{where}市长质量奖{nominee}" if where else f"市长质量奖{nominee}"
        else:
            label = f"{place}{rank}质量奖{nominee}"
        add(text[start:m.end()], start, m.end(), concept, label, level)
    for m in NAMED_PRIZE.finditer(text):
        if free(m.start(1), m.end(1)) and not re.search(r"以上|各级|政府质量奖$|等", m.group(1)):
            name = m.group(1)
            concept = lookup("award", name)
            add(name, m.start(1), m.end(1), concept, name, LEVELS.get(name[:2]) or LEVELS.get(name[:1]))
    for m in CUP.finditer(text):
        group = 1 if m.group(1) else 2
        if free(m.start(group), m.end(group)):
            name = m.group(group)
            concept = lookup("award", name)
            after = text[m.end():m.end() + 8]
            if concept or re.search(r"工程|奖", after):
                cup_level = "Provincial" if "省" in after else "Municipal" if "市" in after else None
                add(name, m.start(group), m.end(group), concept, name, cup_level)
    return found


def _place(prefix: str) -> str:
    """The region name that ends ``prefix`` (对首次荣获许昌市 → 许昌市), or "" when there is none."""
    for i in range(len(prefix)):
        tail = prefix[i:]
        if index("city").get(tail) or index("province").get(tail):
            return tail
    return ""


AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)")
MORE_AMOUNTS = re.compile(r"(?:\s*[、和及与]\s*\d+(?:\.\d+)?\s*(?:亿元|万元|元))+")


def find_incentives(src: Source, norm: Normalized, award_mentions: list[Mention]) -> list[Incentive]:
    """Rewards promised for winning an award: 对首次荣获中国质量奖的单位给予200万元奖励."""
    text = norm.text
    out: list[Incentive] = []
    amount = re.compile(r"(?:给予|奖励|奖补|补助|资助)\s*(?:不超过|最高|一次性)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|元)")
    for m in amount.finditer(text):
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in ",;。\n") + 1
        if text[clause_start:m.start()].find("对") < 0 and not any(
                clause_start <= _span(a)[0] < m.start() for a in award_mentions):
            clause_start = max(text.rfind(ch, 0, clause_start - 1) for ch in ",;。\n") + 1
        while clause_start < m.start() and text[clause_start].isspace():
            clause_start += 1
        inside = sorted((a for a in award_mentions if clause_start <= _span(a)[0] < m.start()),
                        key=lambda a: _span(a)[0])
        unit = {"亿元": 1e8, "万元": 1e4, "元": 1.0}
        values = [float(m.group(1)) * unit[m.group(2)]]
        more = MORE_AMOUNTS.match(text, m.end())
        if more:  # 分别给予100万元、50万元: one amount per award, in order
            values += [float(n) * unit[u] for n, u in AMOUNT.findall(more.group(0))]
        sentence_end = min((i for i in (text.find(ch, more.end() if more else m.end()) for ch in ",;。\n")
                            if i >= 0), default=len(text))
        for k, award in enumerate(inside):
            value = values[k] if len(values) == len(inside) else values[0]
            out.append(Incentive(award=award.attr("label") or award.surface, amount_yuan=value,
                                 evidence=evidence(src, norm, clause_start, sentence_end)))
    return out


def _span(m: Mention) -> tuple[int, int]:
    return int(m.attr("at") or -1), 0


def find_designations(src: Source, norm: Normalized) -> list[Mention]:
    text = norm.text
    found: dict[tuple[int, int], Mention] = {}
    vocab = sorted({(label, c) for c in designations() for label in c.labels if len(label) >= 4},
                   key=lambda lc: -len(lc[0]))
    covered: list[tuple[int, int]] = []
    for label, concept in vocab:
        for m in re.finditer(re.escape(label), text):
            if all(m.end() <= a or m.start() >= b for a, b in covered):
                covered.append(m.span())
                found[m.span()] = _mention(src, norm, "designation", label, *m.span(), concept=str(concept.iri),
                                           label=concept.label, level=concept.level)
    for verb in PURSUE.finditer(text):
        for a, b, name in _items_after(text, verb.end()):
            if re.search(r"(?:奖|杯|产品|商标|公司)$|企业", name):
                continue
            if not re.search(f"{DESIGNATION_SUFFIX}$", name) and not _quoted_title(text, a, b):
                continue
            bare = LEVEL_PREFIX.sub("", name)
            matched = index("designation").get(fold(bare))
            inside = [(x, y) for x, y in covered if a <= x and y <= b]
            if any(a < y and b > x for x, y in covered if (x, y) not in inside):
                continue
            for span in inside:
                covered.remove(span)
                found.pop(span, None)
            covered.append((a, b))
            found[(a, b)] = _mention(src, norm, "designation", name, a, b,
                                     concept=str(matched.iri) if matched else None,
                                     label=matched.label if matched else name,
                                     level=matched.level if matched else _level_of(name))
    return [found[k] for k in sorted(found)]


def _quoted_title(text: str, a: int, b: int) -> bool:
    """A quoted name in a pursuit: “省推进质量强省建设示范单位”, “浙江省区域名牌”."""
    inner = text[a:b]
    return bool(re.search(r"(?:区|市|县|镇|单位|名牌|基地|城市|称号)$", inner)) and \
        (text[a - 1:a] in "“\"" and text[b:b + 1] in "”\"")


def _items_after(text: str, at: int) -> Iterator[tuple[int, int, str]]:
    """The enumeration right after a verb: items separated by 、 和 及, each with an optional quantity."""
    pos = at
    for _ in range(8):
        rest = text[pos:pos + 60]
        q = QUANTITY.match(rest)
        skip = q.end() if q else 0
        m = ITEM.match(rest, skip)
        if not m:
            return
        raw = m.group(0)
        a = pos + m.start() + (1 if raw[0] in "“\"" else 0)
        b = pos + m.end() - (1 if raw[-1] in "”\"" else 0)
        name = text[a:b]
        yield a, b, name
        sep = re.match(r"[、,]?(?:和|及|与|、)", text[b + (1 if raw[-1] in "”\"" else 0):])
        if not sep:
            return
        pos = b + (1 if raw[-1] in "”\"" else 0) + sep.end()


def _level_of(name: str) -> str | None:
    for prefix, level in (("全国", "National"), ("国家", "National"), ("省", "Provincial"), ("市级", "Municipal")):
        if name.startswith(prefix) or prefix in name[:6]:
            return level
    return None


def find_citations(src: Source, norm: Normalized, own_title: str | None = None) -> list[Mention]:
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
        if number in titled_numbers or _is_own_number(text, m.start()):
            continue
        titled_numbers.add(number)
        out.append(_mention(src, norm, "citation", number, start, m.end(), number=number, untitled="1"))
    return out


def _is_own_number(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    return bool(re.search(r"文\s*号\s*[:：]?\s*$|发文字号\s*[:：]?\s*$", before)) or not before.strip()


def find_industries(src: Source, norm: Normalized) -> list[Mention]:
    text = norm.text
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for m in LIST.finditer(text):
        head = INDUSTRY_HEAD.match(text, m.end())
        items = _split_items(m.group(0), m.start(), after_head=text[m.start() - 1:m.start()] == "等")
        strong = bool(head and re.search(r"(?:产业|制造业)$", head.group(1)))
        if head:
            role = next((r for key, r in ROLES if key in head.group(1)), None)
        elif len(items) >= 2 and text[m.end():m.end() + 1] in ",。;\n" and \
                re.search(r"(?:发展|培育|壮大|做强|打造)", m.group(0)[:16]):
            role = None
        else:
            continue
        if NEGATIVE.search(text[max(0, m.start() - 20):m.start() + len(items[0][2]) + 8]):
            continue
        cleaned = [(n, a) for n, a in (_clean_item(name, a) for a, _, name in items) if _industry_like(n)]
        known = sum(bool(lookup("industry", n)) or bool((e := INDUSTRY_END.search(n)) and e.start() > 0)
                    for n, _ in cleaned)
        if not cleaned or (not strong and (not known or known * 2 < len(cleaned))):
            continue
        sentence = max(text.rfind(ch, 0, m.start()) for ch in "。;\n") + 1
        zone = ZONE.search(text[max(sentence, m.start() - 30):m.start() + 16])
        for name, a in cleaned:
            if (a, a + len(name)) in seen or not _industry_like(name):
                continue
            seen.add((a, a + len(name)))
            concept = lookup("industry", name)
            out.append(_mention(src, norm, "industry", name, a, a + len(name),
                                concept=str(concept.iri) if concept else None,
                                label=concept.label if concept else name, role=role,
                                zone=zone.group(1) if zone else None))
    return out


_JOINED = re.compile(rf"^([{HAN}]{{2,10}}?(?:产业|服务业|业))(?:和|及|与)([{HAN}]{{2,10}})$")


def _split_items(chunk: str, start: int, after_head: bool = False) -> list[tuple[int, int, str]]:
    """Items of an enumeration; 和/及 split an item only where they join two industries (…产业和…)."""
    parts, at = [], start
    for part in chunk.split("、"):
        parts.append((at, at + len(part), part))
        at += len(part) + 1
    first_a, first_b, first = parts[0]
    cut = VERB_CUT.match(first)
    if cut and cut.end() < len(first):
        parts[0] = (first_a + cut.end(), first_b, first[cut.end():])
    for i, (a, b, part) in enumerate(parts[1:], 1):
        lead = LEAD_VERB.match(part)
        if lead and lead.end() < len(part):
            parts[i] = (a + lead.end(), b, part[lead.end():])
    items: list[tuple[int, int, str]] = []
    for i, (a, b, part) in enumerate(parts):
        m = _JOINED.match(part)
        if m:
            if not (i == 0 and after_head):  # …等生产性服务业和旅游: the left part is the previous list's head
                items.append((a, a + len(m.group(1)), m.group(1)))
            items.append((a + m.end(1) + 1, b, m.group(2)))
        else:
            items.append((a, b, part))
    return items


def _clean_item(name: str, at: int) -> tuple[str, int]:
    stripped = name.lstrip(" \"“")
    at += len(name) - len(stripped)
    return stripped.rstrip(" \"”"), at


def _industry_like(name: str) -> bool:
    if not 2 <= len(name) <= 12 or not re.fullmatch(rf"[{HAN}0-9]+", name):
        return False
    if name in UMBRELLA or name in GENERIC or NOT_INDUSTRY.search(name) or name.startswith(("重点", "主要", "相关")):
        return False
    if re.search(r"建设|管理|行政|工程|违法|质量", name):
        return False
    return not re.search(r"(?:工作|问题|能力|水平|机制|我市|全市|方面)", name)


def extract_entities(src: Source, norm: Normalized, province: str | None = None,
                     city: str | None = None, title: str | None = None) -> tuple[list[Mention], list[Incentive]]:
    if province is None and city is None and title is None:
        from .metadata import extract_metadata

        meta = extract_metadata(src, norm)
        province, city, title = meta.province, meta.city, meta.title
    award_mentions = find_awards(src, norm, province, city)
    spans = {id(a): a for a in award_mentions}
    located = [Mention(a.kind, a.surface, a.evidence, (*a.attrs, ("at", str(_norm_start(norm, a)))))
               for a in spans.values()]
    incentives = find_incentives(src, norm, located)
    mentions = [*award_mentions, *find_designations(src, norm), *find_industries(src, norm),
                *find_citations(src, norm, title)]
    return mentions, incentives


def _norm_start(norm: Normalized, mention: Mention) -> int:
    """The normalised offset of a mention's source start (the first normalised character mapped there)."""
    import bisect

    return bisect.bisect_left(norm.offsets, mention.evidence.start)
