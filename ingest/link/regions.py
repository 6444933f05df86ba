"""Regions: every province-level, prefecture-level and county-level division, and one index to find them in text.

``RegionIndex`` is built once per :class:`~.vocabulary.Vocabulary` (about 3,200 regions, 6,000 names). Every name
(full name, short form, place-name hint) goes into one character trie, so finding every region a text names is one
left-to-right pass (a compiled character class skips to the places a name may start, then one dict look-up per
character) that takes the longest name at each place (重庆市永川区 → 重庆市, 永川区; 新密市 before 新密), not one
search per region nor a 6,000-way alternation. A name several regions share (朝阳区, 鼓楼区) keeps all of
them; who is meant is decided by the names around it (:meth:`RegionIndex.chain`) or the rest of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK

from .concept import Concept

#: A name the text writes as part of a longer word: 城北区域 is no 城北区.
_WORD_AFTER = re.compile(r"域")
#: What follows a county's bare two-character name (和县, 城区) where it names a government.
_GOVERNMENT_AFTER = re.compile(r"(?:人民政府|政府|委员会|委|党委)")


@dataclass(frozen=True)
class Found:
    """One name found in a text: where, which name, and every region it may be."""

    start: int
    end: int
    form: str
    regions: tuple[Concept, ...]
    kind: str                    # full | short | hint


def read_regions(graph: Graph) -> tuple[tuple[Concept, ...], tuple[Concept, ...], tuple[Concept, ...]]:
    """(provinces, prefecture-level cities, county-level divisions) of the regions vocabulary."""
    out: dict[str, list[Concept]] = {"province": [], "city": [], "county": []}
    for kind, cls in (("province", PK.Province), ("city", PK.City), ("county", PK.CountyRegion)):
        for node in sorted(n for n in set(graph.subjects(RDF.type, cls)) if isinstance(n, URIRef)):
            label = graph.value(node, SKOS.prefLabel)
            if label is None:
                continue
            alts = sorted({str(a) for p in (SKOS.altLabel, SKOS.hiddenLabel) for a in graph.objects(node, p)})
            parent = (graph.value(node, SKOS.broader) if kind == "county" else
                      graph.value(node, PK.inProvince) or graph.value(node, SKOS.broader))
            abbr = graph.value(node, PK.abbreviation)
            division = graph.value(node, PK.divisionType)
            out[kind].append(Concept(
                iri=node, label=str(label), alt=tuple(a for a in alts if a != str(label)), kind=kind,
                level=str(division) if division is not None else None,
                parent=parent if isinstance(parent, URIRef) else None,
                hints=tuple(sorted(str(h) for h in graph.objects(node, PK.placeHint))),
                abbreviation=str(abbr) if abbr is not None else None))
    return tuple(out["province"]), tuple(out["city"]), tuple(out["county"])


def build_trie(words: Iterable[str]) -> dict[str, Any]:
    """The words' trie: one dict per character; the key "" marks the end of a word."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def longest_words(trie: dict[str, Any], first: re.Pattern[str], text: str, start: int = 0,
                  end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every word of ``trie`` in ``text``, left to right, the longest at each place, not overlapping.

    ``first`` matches any character a word starts with, so the engine skips everything else; from each such place
    the trie is walked one character at a time (a dict look-up per character, whatever the number of words)."""
    stop = len(text) if end is None else end
    at = start
    while (m := first.search(text, at, stop)) is not None:
        i = m.start()
        node: dict[str, Any] | None = trie
        j, last = i, -1
        while j < stop and node is not None:
            node = node.get(text[j])
            if node is None:
                break
            j += 1
            if "" in node:
                last = j
        if last > 0:
            yield i, last
            at = last
        else:
            at = i + 1


class RegionIndex:
    """Every region of the vocabulary by name, code and IRI, with its prefecture and province."""

    def __init__(self, provinces: Iterable[Concept], cities: Iterable[Concept], counties: Iterable[Concept]) -> None:
        self.provinces = tuple(provinces)
        self.cities = tuple(cities)
        self.counties = tuple(counties)
        self.by_iri: dict[str, Concept] = {}
        for region in (*self.provinces, *self.cities, *self.counties):
            # a municipality is a province and a city at once: its province entry is the one kept
            self.by_iri.setdefault(str(region.iri), region)
        self.city_iris = {str(c.iri) for c in self.cities}
        forms: dict[str, dict[str, list[Concept]]] = {}
        for region in (*self.provinces, *self.cities, *self.counties):
            names = [(region.label, "full"), *((a, "short") for a in region.alt), *((h, "hint") for h in region.hints)]
            for form, kind in names:
                if len(form) < 2:
                    continue
                bucket = forms.setdefault(form, {}).setdefault(kind, [])
                if all(r.iri != region.iri for r in bucket):
                    bucket.append(region)
        #: form → (kind, regions): a full name wins over a short form of another region of the same spelling
        self.forms: dict[str, tuple[str, tuple[Concept, ...]]] = {}
        for form, kinds in forms.items():
            kind = next(k for k in ("full", "short", "hint") if k in kinds)
            self.forms[form] = (kind, tuple(kinds[kind]))
        self.abbreviations = {p.abbreviation: p for p in self.provinces if p.abbreviation}
        self.trie = build_trie(self.forms)
        self.first = re.compile("[" + "".join(re.escape(ch) for ch in sorted({f[0] for f in self.forms})) + "]")

    # --- the tree -----------------------------------------------------------------------------------------

    def get(self, iri: URIRef | str | None) -> Concept | None:
        return self.by_iri.get(str(iri)) if iri is not None else None

    def province_of(self, region: Concept) -> Concept | None:
        node: Concept | None = region
        for _ in range(3):
            if node is None or node.kind == "province" or node.parent is None:
                break
            node = self.get(node.parent)
        return node if node is not None and node.kind == "province" else None

    def city_of(self, region: Concept) -> Concept | None:
        """A county's prefecture-level city (a municipality for its districts); a city itself; else None."""
        if region.kind == "city":
            return region
        if region.kind == "county" and region.parent is not None and str(region.parent) in self.city_iris:
            parent = self.get(region.parent)
            if parent is not None and parent.kind == "province":     # a municipality: 重庆市 as a city
                return next((c for c in self.cities if c.iri == parent.iri), parent)
            return parent
        return None

    def within(self, region: Concept, ancestor: Concept) -> bool:
        node: Concept | None = region
        for _ in range(4):
            if node is None:
                return False
            if node.iri == ancestor.iri:
                return True
            node = self.get(node.parent)
        return False

    # --- names --------------------------------------------------------------------------------------------

    def named(self, name: str, kinds: tuple[str, ...] = ("full",)) -> tuple[Concept, ...]:
        """The regions whose full name (or, with ``kinds``, short form or hint) is exactly ``name``."""
        kind, regions = self.forms.get(name, ("", ()))
        return regions if kind in kinds else ()

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Found]:
        """Every region name in ``text``, left to right, the longest at each place.

        A bare two-character county name (和县, 城区) counts only after its parent's name (阳泉市城区) or as a
        government's name (和县人民政府); a district name followed by 域 (城北区域) is a word, not the district."""
        previous: Found | None = None
        for a, b in longest_words(self.trie, self.first, text, start, end):
            form = text[a:b]
            kind, regions = self.forms[form]
            if form.endswith("区") and _WORD_AFTER.match(text, b):
                continue
            if kind == "full" and len(form) == 2 and all(r.kind == "county" for r in regions):
                parents = previous.regions if previous is not None and previous.end == a else ()
                if any(r.parent == p.iri for r in regions for p in parents):
                    regions = tuple(r for r in regions if any(r.parent == p.iri for p in parents))
                elif not (_GOVERNMENT_AFTER.match(text, b) and (a == 0 or text[a - 1] in "\n 、,，:：中共")):
                    continue
            found = Found(a, b, form, regions, kind)
            previous = found
            yield found

    def chain(self, name: str, settle: Callable[[tuple[Concept, ...]], Concept | None] | None = None,
              accept: Callable[[Found], bool] | None = None) -> list[Concept]:
        """The regions named one after another at the start of ``name`` (an issuer, a title): 重庆市永川区人民政府
        → [重庆市, 永川区]; 中共河北省委 → [河北省]. Each is taken under the one before it where a name is shared;
        a name the chain does not settle is given to ``settle``, and a name ``accept`` refuses ends the chain."""
        text = re.sub(r"^中共", "", name.strip())
        out: list[Concept] = []
        at = 0
        for found in self.find(text):
            if found.start != at or found.kind == "hint" or (accept is not None and not accept(found)):
                break
            regions = found.regions
            if out:
                under = tuple(r for r in regions if self.within(r, out[-1]) and r.iri != out[-1].iri)
                if not under and any(r.iri == out[-1].iri for r in regions):
                    at = found.end         # 北京市 restated as a city after 北京市 the province
                    continue
                regions = under or regions
            region = regions[0] if len(regions) == 1 else settle(regions) if settle is not None else None
            if region is None:
                break                      # a name shared by regions nothing tells apart
            out.append(region)
            at = found.end
        return out

    def counts(self, text: str) -> Counter[tuple[str, str]]:
        """How often each (region IRI, kind of name) is named in ``text``; a shared name counts for none."""
        out: Counter[tuple[str, str]] = Counter()
        for found in self.find(text):
            if len(found.regions) == 1:
                out[(str(found.regions[0].iri), found.kind)] += 1
        return out

    def docno_region(self, prefix: str) -> Concept | None:
        """The region a 文号's issuer prefix names, where it names one: 新密政 → 新密市, 鄂州政发 → 鄂州市; a
        one-character province abbreviation (豫政, 晋政文) is not decided here, since a county writes its own
        first character the same way (晋江's 晋政文, 安吉's 安政发)."""
        for found in self.find(prefix):
            if found.start == 0 and len(found.regions) == 1 and found.kind in ("full", "short"):
                return found.regions[0]
            break
        return None
