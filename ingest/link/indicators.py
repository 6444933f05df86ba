"""Link extracted goals and tasks to the shared vocabularies (indicators, policy instruments).

The tables are built once by :class:`~.vocabulary.Vocabulary` (:func:`build_index`, :func:`read_concepts`) and
passed in; nothing here reads a file or keeps a vocabulary of its own.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK

from ..layout.normalize import to_simplified
from ..records import Goal, IndicatorLink, Task
from ..words import fold_match as fold
from ..words import unit_kinds
from .concept import Concept

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


def core(label: str, places: re.Pattern[str] | None) -> str:
    """A goal label without the verbs and particles the sentence left at its ends, and without place names:
    what 新培育许昌品牌 measures is 新培育品牌, whichever city writes it."""
    folded = fold(label)
    placeless = (places.sub("", folded) if places is not None else folded) or folded
    stripped = _TAIL.sub("", _LEAD.sub("", placeless))
    return stripped or placeless


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
        concepts.append(Concept(iri, prefs[0], tuple(alts), kind=kind, unit=str(unit) if unit is not None else None))
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


def build_index(concepts: Sequence[Concept], places: re.Pattern[str] | None = None) -> IndicatorIndex:
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
    return IndicatorIndex(tuple(concepts), folded, exact, by_core, {c.iri: c for c in concepts}, char_idf, token_idf,
                          places)


def _dice(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    top = max(idf.values(), default=1.0)
    weight = lambda term: idf.get(term, top)  # noqa: E731
    total = sum(map(weight, a)) + sum(map(weight, b))
    return 2 * sum(map(weight, a & b)) / total if total else 0.0


def similarity(text: str, label: str, vocab: IndicatorIndex) -> float:
    """IDF-weighted Dice over character bigrams (0.6) and jieba tokens (0.4)."""
    chars = _dice(bigrams(text), bigrams(label), vocab.char_idf)
    words = _dice(tokens(text), tokens(label), vocab.token_idf)
    return 0.6 * chars + 0.4 * words


#: A similarity match below this is no match.
THRESHOLD = 0.5
#: Substring matches need a vocabulary label at least this long; similarity needs a label body this long.
MIN_SUBSTRING = 3


def _allowed(vocab: IndicatorIndex, iri: URIRef, unit: str | None) -> bool:
    return units_compatible(unit, vocab.by_iri[iri].unit)


def match(text: str, unit: str | None, vocab: IndicatorIndex) -> IndicatorLink | None:
    """The indicator a label (as written) names, for a goal stated in ``unit``, or None."""
    if not vocab.concepts:
        return None
    penalty = 1.0 if unit else 0.95
    for form in dict.fromkeys((fold(text), core(text, vocab.places))):
        hit = vocab.exact.get(form)
        if hit and _allowed(vocab, hit[0], unit):
            return IndicatorLink(hit[0], 1.0 if hit[1] else 0.95, "exact" if hit[1] else "alt")
    body = core(text, vocab.places)
    if not body:
        return None
    same_core = vocab.by_core.get(body)   # equal once both sides lose verbs, particles and place names
    if same_core is not None and _allowed(vocab, same_core, unit):
        return IndicatorLink(same_core, 0.9, "alt")
    best: tuple[int, URIRef] | None = None
    for c in vocab.concepts:
        if not units_compatible(unit, c.unit):
            continue
        for label in vocab.folded[c.iri]:
            if len(label) >= MIN_SUBSTRING and label in body and (best is None or len(label) > best[0]):
                best = (len(label), c.iri)
    if best is not None:
        coverage = best[0] / len(body)
        return IndicatorLink(best[1], round(penalty * (0.7 + 0.25 * coverage), 3), "substring")
    if len(body) < MIN_SUBSTRING:
        return None
    scored = ((max(similarity(body, label, vocab) for label in vocab.folded[c.iri]), c.iri)
              for c in vocab.concepts if units_compatible(unit, c.unit))
    score, iri = max(scored, default=(0.0, URIRef("")))
    if score >= THRESHOLD:
        return IndicatorLink(iri, round(penalty * min(score, 0.9), 3), "similarity")
    return None


def link_indicator(goal: Goal, vocab: IndicatorIndex) -> IndicatorLink | None:
    """The canonical indicator a goal measures, or None when nothing matches well enough.

    The goal's own label comes first; when it names nothing (a label cut short, such as 建成), the
    quote it was read from is tried, with a lower confidence.
    """
    found = match(goal.indicator, goal.unit, vocab)
    if found is not None or not goal.evidence.quote:
        return found
    quote = re.sub(r"[\d.]+\s*(?:%|％|[^\d\s]{0,2})", " ", unicodedata.normalize("NFKC", goal.evidence.quote))
    from_quote = match(to_simplified(quote), goal.unit, vocab)
    if from_quote is None:
        return None
    return IndicatorLink(from_quote.concept, round(from_quote.confidence * 0.85, 3), from_quote.method)


def instruments_in(text: str, instruments: InstrumentIndex) -> tuple[URIRef, ...]:
    """Every policy instrument a text names by one of its labels."""
    body = fold(text)
    found = (iri for iri, labels in instruments if any(len(lab) >= 2 and lab in body for lab in labels))
    return tuple(sorted(set(found), key=str))


def instruments_of(task: Task, instruments: InstrumentIndex) -> tuple[URIRef, ...]:
    """The policy instruments (首席质量官制度, 卓越绩效, ...) a task's text names."""
    return instruments_in(task.text, instruments)
