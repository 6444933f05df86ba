"""The link stage: resolve what extraction found against the vocabularies, given as one :class:`Vocabulary`.

``link(extraction, vocab) → Links``: the canonical indicator of every goal (:mod:`.indicators`), the policy
instruments a task or the whole text names, the body behind every unit, owner or issuer named only there, each
agency type after the 2018 reform (:mod:`.agency_types`), and the region node of every place. The emitter writes
these down as they are.
"""

from __future__ import annotations

from rdflib import URIRef

from policykg import iris

from ..extract.agencies import collect, context_for, county_of
from ..extract.jurisdiction import government_of
from ..records import Agency, Extraction, Links
from .indicators import instrument_spans, instruments_in, instruments_of, link_indicator
from .vocabulary import Vocabulary, packaged

__all__ = ["Links", "Vocabulary", "link", "packaged"]

#: Jurisdictions that name no region node: central bodies, and bodies of an unknown or generic place.
NOT_REGIONS = {"国家", "未知", "省", "市", "县", "区", ""}


def link(ex: Extraction, vocab: Vocabulary) -> Links:
    ctx = context_for(ex.meta.city, ex.meta.province, [a for t in ex.tasks for a in t.aliases],
                      government_of(ex.meta.county, ex.meta.city, vocab)
                      or county_of(ex.meta.level, [*ex.meta.issuers, ex.meta.title], ex.meta.city),
                      vocab=vocab)
    known: dict[str, Agency] = {s: a for a in ex.agencies for s in a.surfaces}
    resolved: list[tuple[str, tuple[Agency, ...]]] = []
    # In the order the emitter meets them: issuers, goal owners, task leads and supports, duty holders, mentions.
    surfaces = [*ex.meta.issuers, *(o for g in ex.goals for o in g.owners),
                *(n for t in ex.tasks for n in (*t.lead, *t.support)), *(d.agency for d in ex.duties),
                *(m.surface for m in ex.mentions if m.kind == "agency")]
    for surface in surfaces:
        if surface in known:
            continue
        bodies = tuple(collect([(surface, None)], ctx))
        for agency in bodies:
            known.update(dict.fromkeys(agency.surfaces, agency))
        resolved.append((surface, bodies))
        if bodies:
            known.setdefault(surface, bodies[-1])
    agencies = [*ex.agencies, *(a for _, bodies in resolved for a in bodies)]
    types = {a.agency_type: vocab.current_types(a.agency_type) for a in agencies if a.agency_type}
    regions: dict[str, URIRef] = {}
    places = [ex.meta.county or "", ex.meta.city or "", ex.meta.province or "",
              *(a.jurisdiction for a in agencies if a.jurisdiction not in NOT_REGIONS)]
    for name in places:
        if name and name not in regions:
            regions[name] = vocab.region_node(name, within=ex.meta.city or ex.meta.province) or \
                iris.shared("region", name)
    return Links(indicators=tuple(link_indicator(g, vocab.indicators) for g in ex.goals),
                 task_instruments=tuple(instruments_of(t, vocab.instruments) for t in ex.tasks),
                 instruments=instruments_in(ex.normalized.text, vocab.instruments),
                 instrument_spans=instrument_spans(ex.normalized.text, vocab.instruments),
                 resolved=tuple(resolved), current_types=tuple(types.items()), regions=tuple(regions.items()))
