"""Industries a plan targets, from enumerations ("电力装备、汽车及零部件、电梯及关键零部件等"), with their role.

An enumeration counts when a head word follows it (等传统产业, 等7大战略性新兴产业, 等领域) or when most of its items
look like industries (the vocabulary knows them, or they end like one: …装备, …材料, …服务). Items are split on 、
and on 和/及 only where these join two industries; a lead-in verb glued to the first item is cut off.
"""

from __future__ import annotations

import re

from ..layout import Document
from ..layout.normalize import evidence
from ..link.vocabulary import Vocabulary, packaged
from ..records import Mention, Normalized, Source
from ..words import HAN
from .mentions import mention as _mention

# ------------------------------------------------------------------------------------ industries

#: What an enumeration of industries is followed by: 等传统特色制造业, 等7大战略性新兴产业, 等重点领域.
INDUSTRY_HEAD = re.compile(rf"(?:等(?:\d+|[一二三四五六七八九十]+)?大?|(?:\d+|[一二三四五六七八九十]+)大)?"
                           rf"((?:(?![向在对为把将从与和的于以])[{HAN}]){{0,8}}?(?:产业|行业|制造业|服务业|服务行业|领域|消费品|检测中心|检验中心|"
                           rf"质检中心|创新中心|产品质量提升|品牌))")
#: An enumeration: items separated by 、, the last one stopping before 等, a head word or the clause end.
LIST = re.compile(r"(?:[^、,;:。()“”\"\n等]{1,14}、)+[^、,;:。()“”\"\n等]{1,14}?"
                  r"(?=等|领域|行业|全?产业链|为(?:特色|主导|主体|支柱|重点|主)|(?:\d+|[一二三四五六七八九十]+)大|[,;:。\n]|$|"
                  r"(?:标准化|品牌化|规范化|数字化|智能化|绿色化|高端化|集聚|融合|转型|高质量|提质|提档|升级)[^,;。\n]{0,6}发展)")
#: The process an enumeration without a head word is told to go through: "…养老服务和医疗健康服务标准化发展".
PROCESS = re.compile(r"(?:标准化|品牌化|规范化|数字化|智能化|绿色化|高端化|集聚|融合|转型|高质量|提质|提档|升级)")
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
#: Lead-in words glued before the first item of a list (推动现代物流、…, 组织汽车、…, 在家电、…): cut up to the last.
VERB_CUT = re.compile(r"^.*(?:发展|提升|推进|推动|促进|加快|加强|提高|培育|壮大|完善|围绕|开展|实施|建设|启动|出台|"
                      r"重点|打造|聚焦|依托|组织|引导|支持|鼓励|扶持|巩固|优化|振兴|改造|带动|推广|拓展|着力|瞄准|"
                      r"面向|覆盖|包括|涉及|针对|布局|引进|做优|做精|做强|做大|升级|我市|全市|本市|在|对|以|如)")
#: What an enumeration ends on when it lists kinds of a quality activity (…和服务认证, …质量攻关), not industries.
#: The elements of the quality infrastructure (计量、标准、认证认可、检验检测): listed together they are the means of
#: quality work ("以计量、认证认可和检验检测服务支撑产业链"), not industries the plan targets.
NQI = re.compile(r"^(?:计量|标准|标准化|认证|认可|认证认可|检验检测|检验|检测|合格评定|质量管理)")
#: A list a sector's make-up is stated by: "县域产业以竹木、椅业、白茶为特色" (strong, like a 产业 head).
MAKE_UP = re.compile(r"为(?:特色|主导|主体|支柱|重点|主)")
ACTIVITY_TAIL = re.compile(r"(?:认证|认可|认定|检测|检验|监测|评价|攻关|追溯|抽检|比对)$")
LEAD_VERB = re.compile(r"^(?:改造提升|培育壮大|做大做强|加快发展|大力发展|积极发展|发展|提升|培育|壮大|做强|打造)")
SUPERVISED = re.compile(r"(?:的)?(?:质量安全|安全)?(?:监管|监督|抽检|执法|整治|专项检查|风险|隐患|排查)")
NEGATIVE = re.compile(r"(?:淘汰|整治|打击|限制|关停|压减|退出|严格执行|禁止|严控)[^,。;]*$")


def find_industries(doc: Document, vocab: Vocabulary | None = None) -> list[Mention]:
    """Industries from enumerations, then from the shorter forms the genre also uses (see ``_other_forms``)."""
    src, norm = doc.source, doc.normalized
    vocab = vocab or packaged()
    out = _from_lists(src, norm, vocab)
    seen = [(m.evidence.start, m.evidence.end) for m in out]
    for name, a in _dash_list(norm.text):
        span = evidence(src, norm, a, a + len(name))
        if not any(span.start < end and start < span.end for start, end in seen):
            seen.append((span.start, span.end))
            concept = vocab.lookup("industry", name)
            out.append(_mention(src, norm, "industry", name, a, a + len(name),
                                concept=str(concept.iri) if concept else None,
                                label=concept.label if concept else name))
    for name, a in _other_forms(norm.text, vocab):
        span = evidence(src, norm, a, a + len(name))
        if any(span.start < end and start < span.end for start, end in seen):
            continue  # already found as a list item
        seen.append((span.start, span.end))
        concept = vocab.lookup("industry", name) or vocab.lookup("industry", re.sub("(?:产业|行业)$", "", name))
        out.append(_mention(src, norm, "industry", name, a, a + len(name),
                            concept=str(concept.iri) if concept else None, label=concept.label if concept else name))
    return out


#: A lead-in that announces a bulleted list of industries: "重点发展以下产业:", "聚焦以下主导产业,实施质量提升工程:",
#: "围绕以下产业开展质量提升:", "聚焦以下产业集群提升质量竞争力:".
DASH_INTRO = re.compile(r"(?:以下|如下|下列)[^。;:\n]{0,6}(?:产业|行业|领域|集群)[^。;:\n]{0,16}:[ \t]*$")
#: One bullet of such a list: "——新一代信息技术;" (a short name, no figure, no sentence).
DASH_ITEM = re.compile(rf"^[ \t]*——([{HAN}()]{{2,16}})[;。,、]?[ \t]*$")


def _dash_list(text: str) -> list[tuple[str, int]]:
    """Industries listed as —— bullets under a lead-in line ending in ":"; "钢铁与装备制造" names two."""
    out: list[tuple[str, int]] = []
    listing = False
    for line in re.finditer(r"[^\n]+", text):
        if DASH_INTRO.search(line.group(0)):
            listing = True
            continue
        item = DASH_ITEM.match(line.group(0)) if listing else None
        if item is None:
            listing = False          # any other line ends the list
            continue
        at = line.start() + item.start(1)
        for part in re.finditer(r"[^与]+", item.group(1)):
            out.append((part.group(0), at + part.start()))
    return out


#: Industries coordinated before one shared head: "稀土和钨产业质量提升工程", "文化、旅游和体育产业" (each one an
#: industry the vocabulary knows, so that "研究、制订和实施块状产业联盟标准" is no list of industries).
SHARED_HEAD = re.compile(rf"(?:^|(?<=[,;:。\n—(“]))([{HAN}]{{1,12}}?(?:、[{HAN}]{{1,6}}?)*)(?:和|及|与)"
                         rf"([{HAN}]{{1,6}}?)(?:产业|行业)(?!等)")
#: An industry named as what clusters: "检验检测产业集聚", "推动检验检测产业集聚发展".
CLUSTER = re.compile(rf"(?:^|(?<=[^{HAN}]))([{HAN}]{{2,10}}?)产业(?=集聚|集群|聚集)")
#: A sector opening a clause, as the subject of its targets: "…;交通运输业出租车服务基本实现规范化;医疗卫生业全面…".
#: An industry whose development a task promotes: "推进石化产业安全优质发展", "以酱香白酒首位产业高质量发展带动…".
DEVELOPED = re.compile(rf"(?:推进|推动|促进|引导|支持|加快|以)([{HAN}]{{2,6}}?)(?:首位|主导|支柱|特色|优势)?产业"
                       rf"[{HAN}]{{0,6}}?发展")
#: A service sector named by the quality of its service: "提升文化旅游服务质量", "推进文化旅游、现代物流服务标准化".
SERVICE_QUALITY = re.compile(rf"(?:提升|提高|推进|推动|促进|改善)((?:[{HAN}]{{2,6}}?、)*[{HAN}]{{2,6}}?)服务"
                             rf"(?:质量|品质|标准化)")
SECTOR_OPENING = re.compile(rf"([{HAN}]{{2,6}}?)(行业|业)(?=[{HAN}])")


def _other_forms(text: str, vocab: Vocabulary) -> list[tuple[str, int]]:
    """(name, normalised offset) of industries outside enumerations."""
    found: list[tuple[str, int]] = []
    for m in SHARED_HEAD.finditer(text):
        first = m.group(1)
        cut = VERB_CUT.match(first)
        at = m.start(1) + (cut.end() if cut else 0)
        names = [*text[at:m.end(1)].split("、"), m.group(2)]
        if any(not 1 <= len(n) <= 6 or n in UMBRELLA or not vocab.lookup("industry", n) for n in names):
            continue
        for n in names[:-1]:
            found.append((n, at))
            at += len(n) + 1
        found.append((m.group(2), m.start(2)))
    for m in DEVELOPED.finditer(text):
        name = m.group(1)
        if _industry_like(name) and not NQI.match(name) and (
                vocab.lookup("industry", name) or vocab.lookup("industry", name[-2:])):
            found.append((name, m.start(1)))
    for m in SERVICE_QUALITY.finditer(text):
        names = m.group(1).split("、")
        # a sector's compound name (文化旅游, 现代物流), not a venue or a trade (景区, 民宿, 餐饮)
        if all(len(n) >= 4 and _industry_like(n) and not NQI.match(n) and vocab.lookup("industry", n) for n in names):
            at = m.start(1)
            for n in names:
                found.append((n, at))
                at += len(n) + 1
    for m in CLUSTER.finditer(text):
        cut = VERB_CUT.match(m.group(1))
        name = m.group(1)[cut.end():] if cut else m.group(1)
        if len(name) >= 2 and vocab.lookup("industry", name) and _industry_like(name):
            found.append((name + "产业", m.end(1) - len(name)))
    for sentence in re.finditer(r"[^。\n]+", text):
        openings = []
        for clause in re.finditer(r"[^;]+", sentence.group(0)):
            sector = SECTOR_OPENING.match(clause.group(0))
            if (sector and vocab.lookup("industry", sector.group(1))
                    and sector.group(1) + sector.group(2) not in UMBRELLA):
                openings.append((sector.group(0), sentence.start() + clause.start()))
        if len(openings) >= 2:
            found += openings
    return found


def _from_lists(src: Source, norm: Normalized, vocab: Vocabulary) -> list[Mention]:
    text = norm.text
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for m in LIST.finditer(text):
        head = INDUSTRY_HEAD.match(text, m.end())
        items = _split_items(m.group(0), m.start(), after_head=text[m.start() - 1:m.start()] == "等")
        strong = bool(head and re.search(r"(?:产业|制造业)$", head.group(1)))
        made_up = bool(MAKE_UP.match(text, m.end()))
        if made_up:
            if not re.search(r"(?:产业|经济)(?:发展)?以", m.group(0).split("、")[0]):
                continue
            strong, head, role = True, None, None
        elif head:
            role = next((r for key, r in ROLES if key in head.group(1)), None)
        elif len(items) >= 2 and (text[m.end():m.end() + 1] in ",。;\n" or PROCESS.match(text, m.end())) and \
                re.search(r"(?:发展|培育|壮大|做强|做优|做大|打造|聚焦|围绕|推动|振兴|布局)", m.group(0)[:16]):
            role = None
        else:
            continue
        if NEGATIVE.search(text[max(0, m.start() - 20):m.start() + len(items[0][2]) + 8]):
            continue
        if head and SUPERVISED.match(text, head.end()):  # 食品、药品、特种设备等重点领域监管: what is policed
            continue
        if text.startswith("等地", m.end()):   # 支持A区、B区等地依托优势产业…: places, not industries
            continue
        if sum(bool(NQI.match(name)) for _, _, name in items) >= 2 and not (
                text.startswith("等", m.end()) and head and re.search(r"(?:产业|服务业)$", head.group(1))):
            continue   # 计量、认证认可和检验检测: the quality infrastructure (…等检验检测服务业 is a sector)
        # 绿色产品、有机产品和服务认证: kinds of certification, not industries (unless a head names them so)
        if ACTIVITY_TAIL.search(items[-1][2]) and not (head and re.search(r"(?:产业|服务业|行业)$", head.group(1))):
            continue
        cleaned = [(n, a) for n, a in (_clean_item(name, a) for a, _, name in items) if _industry_like(n)]
        known = sum(bool(vocab.lookup("industry", n)) or bool((e := INDUSTRY_END.search(n)) and e.start() > 0)
                    for n, _ in cleaned)
        if not cleaned or (not strong and (not known or known * 2 < len(cleaned))):
            continue
        sentence = max(text.rfind(ch, 0, m.start()) for ch in "。;\n") + 1
        zone = ZONE.search(text[max(sentence, m.start() - 30):m.start() + 16])
        for name, a in cleaned:
            if (a, a + len(name)) in seen or not _industry_like(name):
                continue
            seen.add((a, a + len(name)))
            concept = vocab.lookup("industry", name)
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
        m = _JOINED.match(part) or _pair(part)
        if m:
            if not (i == 0 and after_head):  # …等生产性服务业和旅游: the left part is the previous list's head
                items.append((a, a + len(m.group(1)), m.group(1)))
            items.append((a + m.end(1) + 1, b, m.group(2)))
        else:
            items.append((a, b, part))
    return items


_PAIR = re.compile(rf"^([{HAN}]{{2,8}})和([{HAN}]{{2,8}})$")
#: What cannot stand alone as an industry after 和: 汽车和零部件, 食品和相关产品.
DEPENDENT = re.compile(r"^(?:相关|关键|配套|零部件|配件|其他|其它|周边|上下游)")


def _pair(part: str) -> re.Match[str] | None:
    """"煤炭和建材", "信息技术和先进装备制造": two industries joined by 和, unless the second depends on the first or
    both name one cluster by the same head (新能源汽车和智能网联汽车)."""
    m = _PAIR.match(part)
    same_head = m is not None and m.group(1)[-2:] == m.group(2)[-2:] and m.group(2)[-2:] not in ("服务", "产业", "行业")
    if not m or DEPENDENT.match(m.group(2)) or same_head:
        return None
    return m if _industry_like(m.group(1)) and _industry_like(m.group(2)) else None


def _clean_item(name: str, at: int) -> tuple[str, int]:
    stripped = name.lstrip(" \"“")
    at += len(name) - len(stripped)
    return stripped.rstrip(" \"”"), at


def _industry_like(name: str) -> bool:
    if not 2 <= len(name) <= 12 or not re.fullmatch(rf"[{HAN}0-9]+", name):
        return False
    if name in UMBRELLA or name in GENERIC or NOT_INDUSTRY.search(name) or name.startswith(("重点", "主要", "相关")):
        return False
    if name.startswith(("关键", "核心")):  # 关键基础材料, 核心元器件: the industrial base's parts, not industries
        return False
    # 核心基础零部件、先进基础工艺: the industrial base (工程机械, 基础材料 are industries)
    if re.search(r"建设|管理|行政|工程(?!机械)|违法|质量|基础(?!材料)|工艺", name):
        return False
    return not re.search(r"(?:工作|问题|能力|水平|机制|我市|全市|方面)", name)
