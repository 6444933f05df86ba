"""Link extracted goals and tasks to the shared vocabularies (indicators, policy instruments).

The tables are built once by :class:`~.vocabulary.Vocabulary` (:func:`build_index`, :func:`read_concepts`) and
passed in; nothing here reads a file or keeps a vocabulary of its own.

A goal's candidate indicator is the one whose preferred or alternative label it states (after folding
width, brackets and the verbs and particles that cling to a label cut out of a sentence), else the
indicator whose longest label it contains, else the most similar one: IDF-weighted Dice over character
bigrams and jieba tokens. Every candidate must pass the unit gate: a goal in ``%`` does not link to a
count of centres, a goal in ``个`` does not link to a pass rate.

The candidate is the goal's indicator only when the measure agrees (issue 15): a 新增 goal takes the
increment twin of a stock count (新增注册商标 → the new-trademark indicator, never the stock of trademarks),
and the goal's clause must name no scope the indicator lacks (规模以上, 国家级 / 省级 / 市级 tiers, 主导 / 参与,
评价性, a sampling stage, 高价值, 大中型, 每万人, a share of GDP or of industry, coverage, tourism, housing,
...); matched by words rather than a label, it must also name every scope the indicator has. Otherwise the
goal links to the candidate's family only (``exact_measure`` False: pk:FamilyMatch), with the reason. A
goal whose unit kind matches no candidate links to the family of the best candidate regardless of unit.
Confidence is calibrated on hand-labelled goals (``CALIBRATION``, docs/linkage.md).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK

from ..layout.normalize import to_simplified
from ..records import Goal, IndicatorLink, Task
from ..words import fold_match, unit_kinds
from .concept import Concept

PK_ID = "https://w3id.org/policykg/id/"

#: The matching form of a label (:func:`..words.fold_match`), kept for the labels and units met again and again.
fold = lru_cache(maxsize=65536)(fold_match)

#: Unit kinds: goals and indicators whose units are of the same kind compare.
UNIT_KINDS: dict[str, frozenset[str]] = unit_kinds()

_LEAD = re.compile(r"^(?:到20\d\d年|20\d\d年|(?:近|连续)?[\d两二三四五]{1,2}年(?:内|来)?|其中|全市|全县|全省|全区|"
                   r"本市|每年|年度|当年|累计|力争|争创|努力|确保|新增|新培育|培育选树|培育|建成|创建|打造|组建|建设|实施|获得|"
                   r"拥有|达到|实现|完成|推动|推进|新建|新开工的?|在|使|有|已有)+")
_TAIL = re.compile(r"(?:居全国同[级类]城市|居全国|居全省|达到或接近|达到或优于|明显|显著|不断|持续|逐年|稳步|"
                   r"稳定在|保持在|控制在|提高到|提升到|达到|分别|分别为|均|保持|稳定|提高|提升|达|在|为|是|不低于|不少于|超过|大于|"
                   r"高于|低于|小于|以上|以下|左右|以内|力争|要|须|必须|应|了|要求)+$")


def place_pattern(regions: Iterable[Concept]) -> re.Pattern[str] | None:
    """Every province and prefecture name, full and short (许昌市, 许昌), longest first."""
    names = {fold(label) for c in regions for label in c.labels if len(label) >= 2}
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) if names else None


@lru_cache(maxsize=65536)
def core(label: str, places: re.Pattern[str] | None) -> str:
    """A goal label without the verbs and particles the sentence left at its ends, and without place names:
    what 新培育许昌品牌 measures is 新培育品牌, whichever city writes it."""
    folded = fold(label)
    placeless = (places.sub("", folded) if places is not None else folded) or folded
    stripped = _TAIL.sub("", _LEAD.sub("", placeless))
    return stripped or placeless


@lru_cache(maxsize=4096)
def unit_kind(unit: str | None) -> str | None:
    if not unit:
        return None
    u = fold(unit)
    return next((kind for kind, units in UNIT_KINDS.items() if u in units), "other:" + u)


def units_compatible(goal_unit: str | None, indicator_unit: str | None) -> bool:
    """A goal with no unit fits any indicator; otherwise both units must be of one kind."""
    a, b = unit_kind(goal_unit), unit_kind(indicator_unit)
    return a is None or b is None or a == b


@dataclass(frozen=True)
class IndicatorIndex:
    """The indicator vocabulary, indexed for matching goal labels."""

    concepts: tuple[Concept, ...]
    folded: dict[URIRef, tuple[str, ...]]     # folded preferred label first, then folded alt labels
    exact: dict[str, tuple[URIRef, bool]]     # folded label -> (concept, is preferred label)
    by_core: dict[str, URIRef]                # a label's core (see core()) -> the one concept it names
    by_iri: dict[URIRef, Concept]
    char_idf: dict[str, float]
    token_idf: dict[str, float]
    places: re.Pattern[str] | None = None     # place names a label's core leaves out
    provinces: tuple[str, ...] = ()           # province names, full and short (a name counts as the provincial tier)
    awards: tuple[tuple[str, str | None, str], ...] = ()   # award programme label -> (level, sector), folded labels
    # What makes matching a lookup instead of a scan of every label of every concept (see _candidates):
    starts: dict[str, tuple[tuple[URIRef, str], ...]] | None = None   # first bigram -> (concept, folded label),
                                                                      # labels of MIN_SUBSTRING characters or more
    grams: dict[str, frozenset[int]] | None = None   # bigram -> positions of the concepts with a label holding it
    char_top: float = 1.0     # the weight of a bigram the vocabulary lacks (max of char_idf), computed once
    token_top: float = 1.0    # the same for tokens


#: Policy instruments with their folded labels.
InstrumentIndex = tuple[tuple[URIRef, tuple[str, ...]], ...]


def folded_labels(concept: Concept) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(x) for x in concept.labels if fold(x)))


def read_concepts(path: Path | None, cls: URIRef, kind: str) -> list[Concept]:
    """The concepts of one class in an indicator or instrument vocabulary file (zh preferred labels)."""
    if path is None or not path.exists():
        return []
    g = Graph()
    g.parse(path, format="turtle")
    concepts = []
    for iri in sorted(set(g.subjects(RDF.type, cls)), key=str):
        assert isinstance(iri, URIRef)
        prefs = [str(o) for o in g.objects(iri, SKOS.prefLabel) if getattr(o, "language", None) in (None, "zh")]
        alts = sorted(str(o) for o in g.objects(iri, SKOS.altLabel))
        if not prefs:
            continue
        unit = g.value(iri, PK.indicatorUnit)
        family = g.value(iri, SKOS.broader)
        twins = [o for o in g.objects(iri, SKOS.closeMatch) if isinstance(o, URIRef)
                 and (str(o) == str(iri) + "-new" or str(iri) == str(o) + "-new")]
        concepts.append(Concept(iri, prefs[0], tuple(alts), kind=kind, unit=str(unit) if unit is not None else None,
                                family=family if isinstance(family, URIRef) else None,
                                increment=g.value(iri, PK.aggregation) == PK.Increment,
                                twin=twins[0] if twins else None))
    return concepts


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set()))


@lru_cache(maxsize=1)
def _tokenizer() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=65536)
def tokens(text: str) -> frozenset[str]:
    cut = _tokenizer().lcut(text)  # type: ignore[attr-defined]
    return frozenset(t for t in cut if len(t) > 1 or "\u4e00" <= t <= "\u9fff")


def _idf(docs: Iterable[frozenset[str]]) -> dict[str, float]:
    docs = list(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d)
    n = len(docs)
    return {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}


def build_index(concepts: Sequence[Concept], places: re.Pattern[str] | None = None,
                provinces: Sequence[Concept] = (), awards: Sequence[tuple[Concept, str]] = ()) -> IndicatorIndex:
    """The indicator index; ``provinces`` give the provincial tier by name, ``awards`` (programme, sector) link a
    goal that names one programme to the indicator counting its winners."""
    folded = {c.iri: folded_labels(c) for c in concepts}
    exact: dict[str, tuple[URIRef, bool]] = {}
    for c in concepts:
        for i, label in enumerate(folded[c.iri]):
            exact.setdefault(label, (c.iri, i == 0))
    cores: dict[str, set[URIRef]] = {}
    for c in concepts:
        for label in folded[c.iri]:
            cores.setdefault(core(label, places), set()).add(c.iri)
    by_core = {form: next(iter(iris)) for form, iris in cores.items() if len(iris) == 1 and len(form) >= 2}
    char_idf = _idf(frozenset().union(*(bigrams(label) for label in folded[c.iri])) for c in concepts)
    token_idf = _idf(frozenset().union(*(tokens(label) for label in folded[c.iri])) for c in concepts)
    province_names = tuple(sorted({fold(lab) for p in provinces for lab in p.labels if len(lab) >= 2}))
    award_labels = tuple(sorted({(fold(lab), c.level, sector) for c, sector in awards for lab in c.labels
                                 if len(lab) >= 3}))
    starts: dict[str, list[tuple[URIRef, str]]] = {}
    grams: dict[str, set[int]] = {}
    for i, c in enumerate(concepts):
        for label in folded[c.iri]:
            if len(label) >= MIN_SUBSTRING:
                starts.setdefault(label[:2], []).append((c.iri, label))
            for gram in bigrams(label):
                grams.setdefault(gram, set()).add(i)
    return IndicatorIndex(tuple(concepts), folded, exact, by_core, {c.iri: c for c in concepts}, char_idf, token_idf,
                          places, province_names, award_labels, {k: tuple(v) for k, v in starts.items()},
                          {k: frozenset(v) for k, v in grams.items()}, max(char_idf.values(), default=1.0),
                          max(token_idf.values(), default=1.0))


def _dice(a: frozenset[str], b: frozenset[str], idf: dict[str, float], top: float | None = None) -> float:
    """IDF-weighted Dice; ``top`` (the weight of a term ``idf`` lacks) is ``max(idf.values())`` when not given."""
    if top is None:
        top = max(idf.values(), default=1.0)
    weight = lambda term: idf.get(term, top)  # noqa: E731
    total = sum(map(weight, a)) + sum(map(weight, b))
    return 2 * sum(map(weight, a & b)) / total if total else 0.0


def similarity(text: str, label: str, vocab: IndicatorIndex) -> float:
    """IDF-weighted Dice over character bigrams (0.6) and jieba tokens (0.4)."""
    indexed = vocab.grams is not None
    chars = _dice(bigrams(text), bigrams(label), vocab.char_idf, vocab.char_top if indexed else None)
    words = _dice(tokens(text), tokens(label), vocab.token_idf, vocab.token_top if indexed else None)
    return 0.6 * chars + 0.4 * words


#: A similarity match below this is no match.
THRESHOLD = 0.5
#: Substring matches need a vocabulary label at least this long; similarity needs a label body this long.
MIN_SUBSTRING = 3


def _allowed(vocab: IndicatorIndex, iri: URIRef, unit: str | None) -> bool:
    concept = vocab.by_iri[iri]
    if concept.unit == "分" and unit in ("%", "％") and "满意" in concept.label:
        return True   # a satisfaction index (0-100) is written in 分 or in %
    return units_compatible(unit, concept.unit)


Candidate = tuple[URIRef, str, str, float]


def _candidates(text: str, unit: str | None, vocab: IndicatorIndex, gate: bool = True) -> list[Candidate]:
    """(indicator, method, matched label, raw score), best first: the exact or alternative label, the equal core,
    the labels the goal contains (longest first), then the most similar labels; with ``gate``, only indicators
    of the goal's unit kind. An indicator without a unit (a qualitative aim) takes a quantified goal only by
    its label."""
    def allowed(iri: URIRef) -> bool:
        return _allowed(vocab, iri, unit) if gate else True

    out: list[tuple[URIRef, str, str, float]] = []
    for form in dict.fromkeys((fold(text), core(text, vocab.places))):
        hit = vocab.exact.get(form)
        if hit and allowed(hit[0]):
            out.append((hit[0], "exact" if hit[1] else "alt", form, 1.0))
    body = core(text, vocab.places)
    if not body:
        return out
    same_core = vocab.by_core.get(body)   # equal once both sides lose verbs, particles and place names
    if same_core is not None and allowed(same_core):
        out.append((same_core, "alt", body, 1.0))
    quantified = unit is not None

    def fits(c: Concept) -> bool:
        return allowed(c.iri) and not (quantified and c.unit is None)

    # A label inside the body starts at one of the body's bigrams; a concept sharing no bigram with the body scores
    # at most 0.4 (the token part) and never reaches THRESHOLD, so it could not be among the similar ones kept.
    # Scoring only these candidates gives the same list as scoring every label of every concept.
    body_grams = bigrams(body)
    if vocab.starts is not None:
        labelled = [(iri, label) for gram in body_grams for iri, label in vocab.starts.get(gram, ())
                    if label in body and fits(vocab.by_iri[iri])]
    else:
        labelled = [(c.iri, label) for c in vocab.concepts if fits(c)
                    for label in vocab.folded[c.iri] if len(label) >= MIN_SUBSTRING and label in body]
    contained = sorted(((len(label), iri, label) for iri, label in labelled), reverse=True)
    out += [(iri, "substring", label, n / len(body)) for n, iri, label in contained]
    if len(body) >= MIN_SUBSTRING:
        if vocab.grams is not None:
            near: set[int] = set()
            for gram in body_grams:
                near |= vocab.grams.get(gram, frozenset())
            pool: Iterable[Concept] = (vocab.concepts[i] for i in near)
        else:
            pool = vocab.concepts
        scored = sorted(((max((similarity(body, label, vocab), label) for label in vocab.folded[c.iri]), c.iri)
                         for c in pool if fits(c)), reverse=True)
        out += [(iri, "similarity", label, score) for (score, label), iri in scored[:8] if score >= THRESHOLD]
    seen: set[URIRef] = set()
    return [c for c in out if not (c[0] in seen or seen.add(c[0]))]  # type: ignore[func-returns-value]


#: Scopes a goal or an indicator names: two measures with different scopes do not compare.
SCOPES: tuple[tuple[str, str], ...] = (
    ("above-scale", r"规模以上|规上"), ("key-products", r"重点(?:工业)?产品|重点食品"),
    ("key-sectors", r"重点服务|主要服务|重点行业|主要行业"), ("import-export", r"进出口"), ("export", r"出口"),
    ("import", r"进口"), ("industrial-enterprises", r"工业企业"), ("construction", r"建筑|建设工程|工程质量"),
    ("provincial-or-above", r"省级以上|省部级以上"), ("national", r"国家级|国家|全国|国控|国考|国优|中国"),
    ("provincial", r"省级|省长|省优|省著名|省名牌|省政府|(?<![全本各])省"), ("municipal", r"市级|市长|市优"),
    ("county", r"县控|县级(?!以上)"), ("led", r"主导|牵头|为主"), ("took-part", r"参与"),
    ("industry-standards", r"行业标准"),
    ("international", r"国际"), ("evaluative", r"评价性"),
    ("processing", r"生产加工|加工环节|生产环节|加工食品|生产企业"), ("circulation", r"流通"), ("catering", r"餐饮"),
    ("high-value", r"高价值"), ("large-projects", r"大中型"), ("per-capita", r"每万|万人|每千|千人|百万人"),
    ("of-gdp", r"gdp|地区生产总值|国内生产总值"), ("of-industry", r"工业增加值|营业收入|主营业务收入"),
    ("coverage", r"覆盖"), ("central-districts", r"中心城区"), ("tourism", r"旅游|游客|景区"),
    ("housing", r"住宅|保障性住房|保障房"), ("digital-economy", r"数字经济"), ("emerging", r"战略性新兴"),
    ("high-tech", r"高新技术|高技术"), ("little-giants", r"小巨人"), ("green-food", r"绿色食品|有机"),
    ("days", r"天数(?!比)"), ("traceability", r"追溯"), ("agri-products", r"农产品"), ("food", r"食品"),
    ("drugs", r"药品"),
)
#: The scopes a goal's clause adds to its label: the tier (国家级 / 省级 / 市级) of what it counts.
TIERS = frozenset({"national", "provincial", "municipal", "county", "provincial-or-above"})
_JURISDICTION = re.compile(r"全省|全市|全区|全县|本省|本市|本区|本县|我省|我市|我区|我县")
INCREMENT = re.compile(r"新增|新培育|新建|新获|新认定|新创建|争创|创建|培育|新晋")
STOCK = re.compile(r"累计(?!新增)|总量|总数|拥有量|存量")


@lru_cache(maxsize=65536)
def scope(text: str, provinces: tuple[str, ...] = ()) -> frozenset[str]:
    """The scopes a (folded) text names; a province's name counts as the provincial tier."""
    body = _JURISDICTION.sub("", fold(text))
    found = set()
    for name, pattern in SCOPES:
        if re.search(pattern, body):
            found.add(name)
            body = re.sub(pattern, "", body)
    if "provincial" not in found and any(p in body for p in provinces):
        found.add("provincial")
    if {"led", "took-part"} <= found:   # 主导或参与: any role, no restriction
        found -= {"led", "took-part"}
    return frozenset(found)


def _clause(label: str, context: str) -> str:
    """The clause of the goal's quote that states its label (a quote may hold several goals)."""
    if not context:
        return label
    text = to_simplified(unicodedata.normalize("NFKC", context))
    key = fold(label)[:4]
    for clause in re.split(r"[,，;；。]", text):
        if key and key in fold(clause):
            return clause
    return text


#: Calibrated confidence per way of matching: (method, measure agrees) -> share right on the 320 labelled goals of
#: the plans the linker was never developed against (policykg.scoring.linkage.BLIND), smoothed as
#: (right+1)/(links+2); ways with fewer than 20 links share the pooled share of the rare ways of their kind
#: (tests/fixtures/linkage/labels*.tsv; policykg.scoring.linkage.fitted; docs/linkage.md has the reliability table,
#: cross-validated by document). A link read from the goal's quote instead of its label ("quote") has no labelled
#: links yet and takes the rare ways' value. Family links are right when the family is the labelled one.
CALIBRATION: dict[tuple[str, bool], float] = {
    ("exact", True): 0.99, ("alt", True): 0.99, ("similarity", True): 0.85, ("substring", True): 0.8,
    ("award", True): 0.75, ("quote", True): 0.75,
    ("similarity", False): 0.42, ("substring", False): 0.42, ("unit", False): 0.42, ("exact", False): 0.42,
    ("alt", False): 0.42, ("award", False): 0.42, ("quote", False): 0.42, ("family", False): 0.42,
}


_HEAD = re.compile(r"(?:提高|提升|下降|增长|减少|累计|总量|总数|合计)$")


def _head(label: str) -> str:
    """What a label measures, by its last two characters (合格率, 认证率, 满意度, 示范区): 数 and a trailing change
    verb aside."""
    body = _HEAD.sub("", label)
    body = body[:-1] if body.endswith("数") and len(body) > 3 else body
    return body[-2:]


def _agree(vocab: IndicatorIndex, candidate: tuple[URIRef, str, str, float], text: str, clause: str,
           said: str, unit: str | None) -> tuple[URIRef, str]:
    """The candidate (or its stock/increment twin) when the goal's measure agrees with it, with an empty reason;
    else the candidate and why it does not fit."""
    iri, method, label, _score = candidate
    concept = vocab.by_iri[iri]
    increment, stock = bool(INCREMENT.search(said)), bool(STOCK.search(said))
    if concept.twin is not None:
        twin = vocab.by_iri.get(concept.twin)
        if twin is not None and (increment and not stock) != concept.increment:
            iri, concept = twin.iri, twin
    elif unit_kind(concept.unit) == "count":
        if concept.increment and stock and not increment:
            return iri, "a stock; the indicator counts what is added over the period"
        if not concept.increment and increment and not stock:
            return iri, "an increment; the indicator is a stock"
    if fold(unit or "") in ("个百分点", "百分点") and not concept.increment:
        return iri, "a change in percentage points; the indicator is a level"
    body = core(text, vocab.places)
    if method == "similarity" and _head(body) not in (_head(fold(label)), _head(fold(concept.label))):
        return iri, f"measures {_head(body)}, not {_head(fold(concept.label))}"
    named = scope(text, vocab.provinces) | (scope(clause, vocab.provinces) & TIERS)
    if method == "award":       # the award vocabulary's level decides the tier (重庆市市长质量管理奖 is provincial)
        named -= TIERS
    has = scope(concept.label, vocab.provinces) | scope(label, vocab.provinces)
    if extra := named - has:
        return iri, "scope the indicator lacks: " + ", ".join(sorted(extra))
    missing = (scope(label, vocab.provinces) & scope(concept.label, vocab.provinces)) - named
    if method in ("substring", "similarity") and missing:
        return iri, "scope the goal does not state: " + ", ".join(sorted(missing))
    return iri, ""


#: The indicator that counts the winners of an award programme, by the programme's sector and level
#: (ontology/vocab/awards.ttl): the province's government quality award, its construction award, a city's.
AWARD_INDICATORS = {("quality", "Provincial"): "provincial-quality-award",
                    ("quality", "Municipal"): "municipal-quality-award",
                    ("construction", "Provincial"): "provincial-engineering-awards",
                    ("construction", "Municipal"): "municipal-engineering-awards"}


def _award(text: str, vocab: IndicatorIndex) -> URIRef | None:
    """The winners indicator of the one award programme a goal names (井冈质量奖 → provincial quality award)."""
    body = fold(text)
    named = {(level, sector) for label, level, sector in vocab.awards if label in body}
    if len(named) != 1:
        return None
    (level, sector), = named
    slug = AWARD_INDICATORS.get((sector, level or ""))
    target = URIRef(PK_ID + "indicator/" + slug) if slug else None
    return target if target in vocab.by_iri else None


def match(text: str, unit: str | None, vocab: IndicatorIndex, context: str = "") -> IndicatorLink | None:
    """The indicator a label (as written) names, for a goal stated in ``unit``, or its family, or None.

    ``context`` is the goal's quote: its clause tells stock from increment and adds scopes (新增, 国家级). The
    first candidate whose measure agrees is the goal's indicator; when none agrees, the best candidate's family."""
    if not vocab.concepts:
        return None
    clause = _clause(text, context)
    said = fold(text) + fold(clause)
    candidates = _candidates(text, unit, vocab)
    award = _award(text, vocab)
    if award is not None and _allowed(vocab, award, unit):
        candidates.insert(0, (award, "award", vocab.by_iri[award].labels[0], 1.0))
    first: tuple[URIRef, str, str] | None = None
    for candidate in candidates:
        iri, reason = _agree(vocab, candidate, text, clause, said, unit)
        if not reason:
            return IndicatorLink(iri, CALIBRATION[(candidate[1], True)], candidate[1], vocab.by_iri[iri].family, True)
        first = first or (iri, candidate[1], reason)
    if first is not None:
        iri, method, reason = first
        return IndicatorLink(iri, CALIBRATION[(method, False)], method, vocab.by_iri[iri].family, False, reason)
    loose = _candidates(text, unit, vocab, gate=False)[:1] if unit else []
    if loose:
        concept = vocab.by_iri[loose[0][0]]
        return IndicatorLink(concept.iri, CALIBRATION[("unit", False)], loose[0][1], concept.family, False,
                             f"unit kind: {unit} is not {concept.unit}")
    return None


def link_indicator(goal: Goal, vocab: IndicatorIndex) -> IndicatorLink | None:
    """The canonical indicator a goal measures, its family only, or None when nothing matches well enough.

    The goal's own label comes first; when it names nothing (a label cut short, such as 建成), the
    quote it was read from is tried, with a lower confidence.
    """
    found = match(goal.indicator, goal.unit, vocab, context=goal.evidence.quote)
    if found is not None or not goal.evidence.quote:
        return found
    quote = re.sub(r"[\d.]+\s*(?:%|％|[^\d\s]{0,2})", " ", unicodedata.normalize("NFKC", goal.evidence.quote))
    from_quote = match(to_simplified(quote), goal.unit, vocab, context=goal.evidence.quote)
    if from_quote is None:
        return None
    return IndicatorLink(from_quote.concept, CALIBRATION[("quote", from_quote.exact_measure)], "quote",
                         from_quote.family, from_quote.exact_measure, from_quote.reason)


def instruments_in(text: str, instruments: InstrumentIndex) -> tuple[URIRef, ...]:
    """Every policy instrument a text names by one of its labels."""
    body = fold(text)
    found = (iri for iri, labels in instruments if any(len(lab) >= 2 and lab in body for lab in labels))
    return tuple(sorted(set(found), key=str))


def instruments_of(task: Task, instruments: InstrumentIndex) -> tuple[URIRef, ...]:
    """The policy instruments (首席质量官制度, 卓越绩效, ...) a task's text names."""
    return instruments_in(task.text, instruments)


def instrument_spans(text: str, instruments: InstrumentIndex) -> tuple[tuple[URIRef, int, int], ...]:
    """Every policy instrument a text names (as :func:`instruments_in` finds it: a folded label in the folded
    text), with the span of the sentence that first names it (its evidence)."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):   # the text folded character by character, each folded character's offset
        for c in fold(ch):
            chars.append(c)
            where.append(i)
    folded = "".join(chars)
    out = []
    for iri, labels in instruments:
        hits = [(folded.find(lab), len(lab)) for lab in labels if len(lab) >= 2 and lab in folded]
        if not hits:
            continue
        at, n = min(hits)
        first, last = where[at], where[at + n - 1] + 1
        start = max(text.rfind(ch, 0, first) for ch in "。;；\n") + 1
        ends = [i for i in (text.find(ch, last) for ch in "。;；\n") if i >= 0]
        end = min(ends) if ends else len(text)
        out.append((iri, max(start, first - 60), min(end, last + 60)))
    return tuple(sorted(out, key=lambda x: (x[1], str(x[0]))))
