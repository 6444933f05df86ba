"""Link extracted goals and tasks to the shared vocabularies (indicators, policy instruments).

A goal links to the canonical indicator whose preferred or alternative label it states (after folding
width, brackets and the verbs and particles that cling to a label cut out of a sentence), else to the
indicator whose longest label it contains, else to the most similar one: IDF-weighted Dice over
character bigrams and jieba tokens. Every candidate must pass the unit gate: a goal in ``%`` does not
link to a count of centres, a goal in ``个`` does not link to a pass rate.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK

from .normalize import to_simplified
from .records import Goal, Task

#: Unit kinds: goals and indicators whose units are of the same kind compare.
UNIT_KINDS: dict[str, frozenset[str]] = {
    "percent": frozenset({"%", "％", "个百分点", "百分点", "‰", "成"}),
    "count": frozenset({"个", "项", "家", "件", "名", "人", "人次", "次", "座", "所", "处", "条", "批", "张", "台",
                        "套", "款", "部", "本", "起", "户", "种", "类", "支", "场", "期", "家次", "项次", "批次",
                        "万人", "万件", "万名"}),
    "rank": frozenset({"位", "名次"}),
    "time": frozenset({"天", "日", "小时", "年", "个月", "月", "工作日"}),
    "money": frozenset({"元", "万元", "亿元", "千元", "万元/人"}),
    "concentration": frozenset({"微克/立方米", "μg/m3", "ug/m3", "μg/m³", "ug/m³", "毫克/立方米", "mg/m3"}),
    "sound": frozenset({"分贝", "db"}),
    "index": frozenset({"点", "分"}),
}

_NOISE = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉*＊▲△★☆※·•・,，、;；:：。!！?？]")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "【": "(", "】": ")",
                           "[": "(", "]": ")"})
_LEAD = re.compile(r"^(?:到20\d\d年|20\d\d年|(?:近|连续)?[\d两二三四五]{1,2}年(?:内|来)?|其中|全市|全县|全省|全区|"
                   r"本市|每年|年度|当年|累计|力争|争创|努力|确保|新增|新培育|培育选树|培育|建成|创建|打造|组建|建设|实施|获得|"
                   r"拥有|达到|实现|完成|推动|推进|新建|新开工的?|在|使|有|已有)+")
_TAIL = re.compile(r"(?:居全国同[级类]城市|居全国|居全省|达到或接近|达到或优于|明显|显著|不断|持续|逐年|稳步|"
                   r"稳定在|保持在|控制在|提高到|提升到|达到|分别|分别为|均|保持|稳定|提高|提升|达|在|为|是|不低于|不少于|超过|大于|"
                   r"高于|低于|小于|以上|以下|左右|以内|力争|要|须|必须|应|了|要求)+$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching form of a label: NFKC, half-width brackets, no spaces, quotes or marks, lower case."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _NOISE.sub("", folded).lower()


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern[str]:
    """Every province and prefecture name, full and short (许昌市, 许昌), longest first."""
    from . import vocab

    names = {fold(label) for c in (*vocab.provinces(), *vocab.cities()) for label in c.labels if len(label) >= 2}
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


@lru_cache(maxsize=65536)
def core(label: str) -> str:
    """A goal label without the verbs and particles the sentence left at its ends, and without place names:
    what 新培育许昌品牌 measures is 新培育品牌, whichever city writes it."""
    folded = fold(label)
    placeless = _place_names().sub("", folded) or folded
    stripped = _TAIL.sub("", _LEAD.sub("", placeless))
    return stripped or placeless


@lru_cache(maxsize=1024)
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
class IndicatorLink:
    concept: URIRef
    confidence: float   # 1.0 for the preferred label, 0.95 for an alt label, lower for substring or similarity
    method: str         # exact | alt | substring | similarity


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    pref: str                      # preferred label (zh)
    labels: tuple[str, ...]        # folded preferred label first, then folded alt labels
    unit: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    concepts: tuple[Concept, ...]
    exact: dict[str, tuple[URIRef, bool]]     # folded label -> (concept, is preferred label)
    by_core: dict[str, URIRef]                # a label's core (see core()) -> the one concept it names
    by_iri: dict[URIRef, Concept]
    char_idf: dict[str, float]
    token_idf: dict[str, float]


def _read(name: str, cls: URIRef) -> list[Concept]:
    from policykg.ontology import vocabulary_paths

    path = next((p for p in vocabulary_paths() if p.name == name), None)
    if path is None:
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
        labels = tuple(dict.fromkeys(fold(x) for x in [prefs[0], *alts] if fold(x)))
        unit = g.value(iri, PK.indicatorUnit)
        concepts.append(Concept(iri, prefs[0], labels, str(unit) if unit is not None else None))
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


def _build(concepts: list[Concept]) -> Vocabulary:
    exact: dict[str, tuple[URIRef, bool]] = {}
    for c in concepts:
        for i, label in enumerate(c.labels):
            exact.setdefault(label, (c.iri, i == 0))
    cores: dict[str, set[URIRef]] = {}
    for c in concepts:
        for label in c.labels:
            cores.setdefault(core(label), set()).add(c.iri)
    by_core = {form: next(iter(iris)) for form, iris in cores.items() if len(iris) == 1 and len(form) >= 2}
    char_idf = _idf(frozenset().union(*(bigrams(label) for label in c.labels)) for c in concepts)
    token_idf = _idf(frozenset().union(*(tokens(label) for label in c.labels)) for c in concepts)
    return Vocabulary(tuple(concepts), exact, by_core, {c.iri: c for c in concepts}, char_idf, token_idf)


@lru_cache(maxsize=1)
def indicator_vocabulary() -> Vocabulary:
    """The indicator vocabulary (ontology/vocab/indicators.ttl), read once."""
    return _build(_read("indicators.ttl", PK.Indicator))


@lru_cache(maxsize=1)
def instrument_vocabulary() -> tuple[Concept, ...]:
    """The policy-instrument vocabulary (ontology/vocab/instruments.ttl), read once."""
    return tuple(_read("instruments.ttl", PK.PolicyInstrument))


def _dice(a: frozenset[str], b: frozenset[str], idf: dict[str, float], top: float | None = None) -> float:
    if top is None:
        top = max(idf.values(), default=1.0)
    weight = lambda term: idf.get(term, top)  # noqa: E731
    total = sum(map(weight, a)) + sum(map(weight, b))
    return 2 * sum(map(weight, a & b)) / total if total else 0.0


def similarity(text: str, label: str, vocab: Vocabulary) -> float:
    """IDF-weighted Dice over character bigrams (0.6) and jieba tokens (0.4)."""
    index = _index(vocab)
    chars = _dice(bigrams(text), bigrams(label), vocab.char_idf, index.char_top)
    words = _dice(tokens(text), tokens(label), vocab.token_idf, index.token_top)
    return 0.6 * chars + 0.4 * words


@dataclass(frozen=True)
class _Index:
    """What makes matching a lookup instead of a scan of every label of every concept.

    ``starts`` maps the first bigram of every label long enough for a substring match to its
    (concept position, label position) pairs, in vocabulary order: a label inside a body starts at one
    of the body's bigrams. ``grams`` maps every bigram to the positions of the concepts with a label
    holding it: a concept sharing no bigram with a body scores at most 0.4 (the token part) and can
    never reach THRESHOLD, so only these candidates are scored. ``char_top``/``token_top`` are the
    weights of unseen terms, computed once instead of at every comparison.
    """

    starts: dict[str, tuple[tuple[int, int], ...]]
    grams: dict[str, frozenset[int]]
    char_top: float
    token_top: float


_INDEXES: dict[int, tuple[Vocabulary, _Index]] = {}


def _index(vocab: Vocabulary) -> _Index:
    held = _INDEXES.get(id(vocab))
    if held is not None and held[0] is vocab:
        return held[1]
    starts: dict[str, list[tuple[int, int]]] = {}
    grams: dict[str, set[int]] = {}
    for ci, c in enumerate(vocab.concepts):
        for li, label in enumerate(c.labels):
            if len(label) >= MIN_SUBSTRING:
                starts.setdefault(label[:2], []).append((ci, li))
            for gram in bigrams(label):
                grams.setdefault(gram, set()).add(ci)
    index = _Index({k: tuple(v) for k, v in starts.items()}, {k: frozenset(v) for k, v in grams.items()},
                   max(vocab.char_idf.values(), default=1.0), max(vocab.token_idf.values(), default=1.0))
    _INDEXES[id(vocab)] = (vocab, index)
    return index


def _longest_label_in(body: str, unit: str | None, vocab: Vocabulary, index: _Index) -> tuple[int, URIRef] | None:
    """The longest vocabulary label inside ``body`` (the first in vocabulary order among equals)."""
    found: tuple[int, int, int] | None = None   # (-length, concept position, label position): least wins
    for gram in {body[i:i + 2] for i in range(len(body) - 1)}:
        for ci, li in index.starts.get(gram, ()):
            c = vocab.concepts[ci]
            label = c.labels[li]
            if label in body and units_compatible(unit, c.unit):
                key = (-len(label), ci, li)
                if found is None or key < found:
                    found = key
    return None if found is None else (-found[0], vocab.concepts[found[1]].iri)


def _most_similar(body: str, unit: str | None, vocab: Vocabulary, index: _Index) -> tuple[float, URIRef]:
    """The best (score, concept) over the concepts sharing a bigram with ``body``; ties go to the larger IRI."""
    candidates: set[int] = set()
    for gram in bigrams(body):
        candidates |= index.grams.get(gram, frozenset())
    scored = ((max(similarity(body, label, vocab) for label in c.labels), c.iri)
              for c in (vocab.concepts[ci] for ci in sorted(candidates)) if units_compatible(unit, c.unit))
    return max(scored, default=(0.0, URIRef("")))


#: A similarity match below this is no match.
THRESHOLD = 0.5
#: Substring matches need a vocabulary label at least this long; similarity needs a label body this long.
MIN_SUBSTRING = 3


def _allowed(vocab: Vocabulary, iri: URIRef, unit: str | None) -> bool:
    return units_compatible(unit, vocab.by_iri[iri].unit)


def match(text: str, unit: str | None, vocab: Vocabulary | None = None) -> IndicatorLink | None:
    """The indicator a label (as written) names, for a goal stated in ``unit``, or None."""
    vocab = vocab or indicator_vocabulary()
    if not vocab.concepts:
        return None
    penalty = 1.0 if unit else 0.95
    for form in dict.fromkeys((fold(text), core(text))):
        hit = vocab.exact.get(form)
        if hit and _allowed(vocab, hit[0], unit):
            return IndicatorLink(hit[0], 1.0 if hit[1] else 0.95, "exact" if hit[1] else "alt")
    body = core(text)
    if not body:
        return None
    same_core = vocab.by_core.get(body)   # equal once both sides lose verbs, particles and place names
    if same_core is not None and _allowed(vocab, same_core, unit):
        return IndicatorLink(same_core, 0.9, "alt")
    index = _index(vocab)
    best = _longest_label_in(body, unit, vocab, index)
    if best is not None:
        coverage = best[0] / len(body)
        return IndicatorLink(best[1], round(penalty * (0.7 + 0.25 * coverage), 3), "substring")
    if len(body) < MIN_SUBSTRING:
        return None
    score, iri = _most_similar(body, unit, vocab, index)
    if score >= THRESHOLD:
        return IndicatorLink(iri, round(penalty * min(score, 0.9), 3), "similarity")
    return None


_FIGURE = re.compile(r"[\d.]+\s*(?:%|％|[^\d\s]{0,2})")


def link_indicator(goal: Goal) -> IndicatorLink | None:
    """The canonical indicator a goal measures, or None when nothing matches well enough.

    The goal's own label comes first; when it names nothing (a label cut short, such as 建成), the
    quote it was read from is tried, with a lower confidence.
    """
    found = match(goal.indicator, goal.unit)
    if found is not None or not goal.evidence.quote:
        return found
    quote = _FIGURE.sub(" ", unicodedata.normalize("NFKC", goal.evidence.quote))
    from_quote = match(to_simplified(quote), goal.unit)
    if from_quote is None:
        return None
    return IndicatorLink(from_quote.concept, round(from_quote.confidence * 0.85, 3), from_quote.method)


def instruments_in(text: str) -> tuple[URIRef, ...]:
    """Every policy instrument a text names by one of its labels."""
    body = fold(text)
    found = (c.iri for c in instrument_vocabulary() if any(len(lab) >= 2 and lab in body for lab in c.labels))
    return tuple(sorted(set(found), key=str))


def instruments_of(task: Task) -> tuple[URIRef, ...]:
    """The policy instruments (首席质量官制度, 卓越绩效, ...) a task's text names."""
    return instruments_in(task.text)
