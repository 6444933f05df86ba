"""Named entities: industries, award programmes, designations, cited documents, and incentives.

Each finder works on the normalised text and cuts its quote from the source through the offset map.
Mentions carry the surface form as written (simplified) and, in ``attrs``, what resolution needs:
``concept`` (the vocabulary IRI when the name matches one), ``label`` (the canonical label), ``level``,
``role`` (an industry's role: traditional / emerging / pillar), ``number`` (a cited 文号).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..layout import Document
from ..layout.normalize import evidence
from ..link.vocabulary import Concept, Vocabulary, fold, packaged
from ..records import Incentive, Mention, Normalized, Source
from ..words import HAN
from .citations import find_citations
from .industries import find_industries
from .mentions import mention as _mention

NAME = rf"(?:(?![和及与])[{HAN}A-Za-z0-9()])"

# ----------------------------------------------------------------------------------------- awards

#: A government quality award named by its level: 河南省省长质量奖, 省政府质量奖, 许昌市市长质量奖(提名奖).
GOV_AWARD = re.compile(rf"((?:[{HAN}]{{2,8}}?[省市县区州])?)"
                       r"(省长|市长|县长|区长|州长|主席|省政府|省人民政府|市政府|市人民政府|县政府|区政府|人民政府|政府)"
                       r"质量(?:管理)?奖(提名奖)?(?!励|惩|金|项|评审)")
#: Other named prizes: 中国标准创新贡献奖, 省市政示范工程金奖, “瓯江杯”.
NAMED_PRIZE = re.compile(rf"((?:中国|全国|国家|省|市)[{HAN}]{{2,12}}?"
                         rf"(?:金奖|银奖|大奖|贡献奖|创新奖|工程奖|质量奖|工程[{HAN}]{{1,2}}奖))"
                         rf"(?!励|惩|金|项)")
CUP = re.compile(rf"[“\"]([{HAN}]{{2,4}}杯)[”\"]|([{HAN}]{{2}}杯)(?=等|奖|、|和|[,;。])")
#: A county or county-level city's own quality award, named by the place alone: 仁怀市质量奖.
PLACE_AWARD = re.compile(rf"([{HAN}]{{1,4}}[市县区旗])质量奖(?!励|惩|金|项|评审|提名|管理|办法|实施|申报)")
LEVELS = {"中国": "National", "全国": "National", "国家": "National", "省": "Provincial", "市": "Municipal",
          "县": "County", "区": "County"}

# ------------------------------------------------------------------------------------ designations

DESIGNATION_SUFFIX = (r"(?:示范城市|示范市|示范县|示范区|示范镇|示范单位|示范基地|示范建设单位|先行区|集聚区|模范城市|"
                      r"特色小镇|生态县|生态乡镇|生态村|生态市|文明城市|卫生城市|园林城市|森林城市)")
#: Verbs that pursue a title; the items right after one (an enumeration) are candidates.
PURSUE = re.compile(r"(?:积极|深入|全力|大力)?(?:争创(?![建成])|创建|申报|创成|成功创建|开展|建设|推进|打造|建成|"
                    r"成为|获得|命名|授予|做大做强|完成|培育|组织申报|争取|依托)")
QUANTITY = re.compile(r"^(?:\d+(?:\.\d+)?(?:至|-|~)?\d*(?:个|家|批|项)?|一批|[一二三四五六七八九十]+个"
                      r"|(?:国家级|省级|市级)(?:、(?:国家级|省级|市级))*)")
#: A province's own title for its counties (江苏省质量强县, 自治区级质量强县, 省级质量强县(市、区)).
PROVINCIAL_STRONG = r"(?:省|自治区)级?质量强[县市区](?:\([县市区、]{1,6}\))?"
ITEM = re.compile(rf"{NAME}{{0,6}}?{PROVINCIAL_STRONG}(?![{HAN}]*{DESIGNATION_SUFFIX})"
                  rf"|[“\"]?{NAME}{{2,30}}?(?:\([^()]{{1,12}}\){NAME}{{0,12}}?)?{DESIGNATION_SUFFIX}[”\"]?"
                  rf"|[“\"][^“”\"\n]{{3,30}}[”\"]")
#: A place glued before a national title it pursues (葛店全国电子商务质量提升示范区).
PLACE_LEAD = re.compile(rf"^[{HAN}]{{2,4}}?(?=全国|国家)")
#: A parenthesis that a title carries as written: 全国质量强市示范城市(区), 质量强县(市、区).
TITLE_PAREN = re.compile(rf"\([县市区镇乡街道、]{{1,8}}\)(?![{HAN}])")
LEVEL_PREFIX = re.compile(r"^(?:国家级|省级以上|省级|市级以上|市级|县级|全市|全省)")

#: What after a vocabulary award's name makes it no programme: a reward (奖励), a penalty, a review, a nomination.
NOT_AWARD_AFTER = re.compile(r"励|惩|评审|提名奖")


@lru_cache(maxsize=8)
def award_labels(vocab: Vocabulary) -> tuple[tuple[str, Concept], ...]:
    """Every award label of 3 characters or more with its concept, longest first (ties by label, then IRI)."""
    return tuple(sorted({(label, c) for c in vocab.awards for label in c.labels if len(label) >= 3},
                        key=lambda lc: (-len(lc[0]), lc[0], str(lc[1].iri))))


@lru_cache(maxsize=8)
def designation_labels(vocab: Vocabulary) -> tuple[tuple[str, Concept], ...]:
    """Every designation label of 4 characters or more with its concept, longest first (ties by label, then IRI)."""
    return tuple(sorted({(label, c) for c in vocab.designations for label in c.labels if len(label) >= 4},
                        key=lambda lc: (-len(lc[0]), lc[0], str(lc[1].iri))))


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``text``, left to right, without overlaps (as ``re.finditer`` of the escaped word)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


def _province_concept(province: str | None, table: tuple[Concept, ...]) -> Concept | None:
    if not province:
        return None
    short = province[:2]
    return next((c for c in table if c.level == "Provincial" and c.label.startswith(short)
                 and "质量" in c.label), None)


def find_awards(src: Source, norm: Normalized, vocab: Vocabulary, province: str | None = None, city: str | None = None,
                own: str | None = None) -> list[Mention]:
    """Award programmes; ``own`` (the document's title and issuers) names the county a 县长/区长质量奖 belongs to."""
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

    for label, vocab_concept in award_labels(vocab):
        for start in occurrences(text, label):
            end = start + len(label)
            if free(start, end) and not NOT_AWARD_AFTER.match(text[end:end + 3]):
                add(label, start, end, vocab_concept, label, None)
    for m in GOV_AWARD.finditer(text):
        place = _place(m.group(1), vocab) or _county(m.group(1), m.group(2), own)
        rank, nominee = m.group(2), m.group(3) or ""
        start = m.end(1) - len(place)
        if not free(start, m.end()):
            continue
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
            concept = (vocab.lookup("award", place + rank + "质量奖")
                       or _province_concept(place or province, vocab.awards))
        if level == "Municipal":  # 市长/市政府质量奖 one programme; an autonomous prefecture's is the 州长质量奖
            region = vocab.lookup("city", place) if place else None  # 延边州 → 延边朝鲜族自治州: one node per city
            where = region.label if region else place if place.endswith(("市", "州", "盟")) else city
            head = "州长" if rank == "州长" else "市长"
            label = f"{where}{head}质量奖{nominee}" if where else f"{head}质量奖{nominee}"
        else:
            label = f"{place}{rank}质量奖{nominee}"
        add(text[start:m.end()], start, m.end(), concept, label, level)
    for m in NAMED_PRIZE.finditer(text):
        if free(m.start(1), m.end(1)) and not re.search(r"以上|各级|政府质量奖$|等", m.group(1)):
            name = m.group(1)
            concept = vocab.lookup("award", name)
            add(name, m.start(1), m.end(1), concept, name, LEVELS.get(name[:2]) or LEVELS.get(name[:1]))
    for m in CUP.finditer(text):
        group = 1 if m.group(1) else 2
        if free(m.start(group), m.end(group)):
            name = m.group(group)
            concept = vocab.lookup("award", name)
            after = text[m.end():m.end() + 8]
            listed = text[m.start(group) - 1:m.start(group)] in ("、", "和", "及") and any(
                y == m.start(group) - 1 for _, y in taken)   # 鲁班奖、闽江杯和榕城杯: in a list of prizes
            if concept or listed or re.search(r"工程|奖", after):
                cup_level = "Provincial" if "省" in after else "Municipal" if "市" in after else None
                add(name, m.start(group), m.end(group), concept, name, cup_level)
    for m in PLACE_AWARD.finditer(text):
        place = next((m.group(1)[i:] for i in range(len(m.group(1)) - 2) if own and m.group(1)[i:] in own), "")
        if place and free(m.end(1) - len(place), m.end()):
            add(place + "质量奖", m.end(1) - len(place), m.end(), None, place + "质量奖", "Municipal")
    # "国家优质工程奖(鲁班奖)", "江苏省优质工程奖“扬子杯”": the text names one programme twice; the name in
    # parentheses or quotes is the one it means.
    glossed = {i for i, (_, b) in enumerate(taken)
               if any(x == b + 1 and (text[b], text[y:y + 1]) in (("(", ")"), ("“", "”")) for x, y in taken)}
    return [m for i, m in enumerate(found) if i not in glossed]


def _county(prefix: str, rank: str, own: str | None) -> str:
    """The county or district a 县长/区长 award belongs to, when the document's own title or issuer names it."""
    if not own or rank[0] not in "县区旗":
        return ""
    for i in range(max(0, len(prefix) - 5), len(prefix) - 2):
        if prefix[-1] in "县区旗" and prefix[i:] in own:
            return prefix[i:]
    return ""


def _place(prefix: str, vocab: Vocabulary) -> str:
    """The region name that ends ``prefix`` (对首次荣获许昌市 → 许昌市), or "" when there is none."""
    for i in range(len(prefix)):
        tail = prefix[i:]
        if vocab.index("city").get(tail) or vocab.index("province").get(tail):
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


def find_designations(src: Source, norm: Normalized, vocab: Vocabulary) -> list[Mention]:
    text = norm.text
    found: dict[tuple[int, int], Mention] = {}
    covered: list[tuple[int, int]] = []
    for label, concept in designation_labels(vocab):
        for start in occurrences(text, label):
            end = start + len(label)
            if all(end <= a or start >= b for a, b in covered):
                paren = TITLE_PAREN.match(text, end)
                span = (start, paren.end() if paren else end)
                covered.append(span)
                found[span] = _mention(src, norm, "designation", text[span[0]:span[1]], *span,
                                       concept=str(concept.iri), label=concept.label, level=concept.level)
    for verb in PURSUE.finditer(text):
        for a, b, name in _items_after(text, verb.end()):
            if re.search(r"(?:奖|杯|产品|商标|公司)$|企业", name):
                continue
            if not re.search(f"(?:{DESIGNATION_SUFFIX}|{PROVINCIAL_STRONG})$", name) and not _quoted_title(text, a, b):
                continue
            if re.match(r"高水平|高标准|高质量|一流", name):   # 建设高水平检验检测集聚区: a description, not a title
                continue
            if lead := PLACE_LEAD.match(name):  # 珲春国家级出口食品农产品质量安全示范区: 珲春 pursues it
                a, name = a + lead.end(), name[lead.end():]
            bare = LEVEL_PREFIX.sub("", name)
            matched = vocab.index("designation").get(fold(name)) or vocab.index("designation").get(fold(bare))
            stated = _level_of(name) if LEVEL_PREFIX.match(name) else None
            if matched is not None and stated and matched.level != stated:
                matched = None   # 省级农业标准化示范区 is not the national zone: a level is never merged away
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
    if "在" in inner:   # “放心消费在沛县”: a campaign slogan
        return False
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


def extract_entities(doc: Document, province: str | None = None, city: str | None = None, title: str | None = None,
                     vocab: Vocabulary | None = None) -> tuple[list[Mention], list[Incentive]]:
    src, norm = doc.source, doc.normalized
    vocab = vocab or packaged()
    if province is None and city is None and title is None:
        from .metadata import extract_metadata

        meta = extract_metadata(doc, vocab)
        province, city, title = meta.province, meta.city, meta.title
    award_mentions = find_awards(src, norm, vocab, province, city, title)
    spans = {id(a): a for a in award_mentions}
    located = [Mention(a.kind, a.surface, a.evidence, (*a.attrs, ("at", str(_norm_start(norm, a)))))
               for a in spans.values()]
    incentives = find_incentives(src, norm, located)
    mentions = [*award_mentions, *find_designations(src, norm, vocab), *find_industries(doc, vocab),
                *find_citations(doc, title, vocab)]
    return mentions, incentives


def _norm_start(norm: Normalized, mention: Mention) -> int:
    """The normalised offset of a mention's source start (the first normalised character mapped there)."""
    import bisect

    return bisect.bisect_left(norm.offsets, mention.evidence.start)
