"""Named entities: industries, award programmes, designations, cited documents, and incentives."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import Incentive, Mention, Normalized, Source

HAN = r"\u4e00-\u9fff"
AWARD = re.compile(rf"(?:中国|省长|市长|政府|[{HAN}]{{2,3}}[省市])[{HAN}]{{0,4}}?质量奖|鲁班奖|[{HAN}]{{2}}杯")
DESIGNATION = re.compile(rf"全国[{HAN}]{{2,12}}?示范(?:城市|区|县|市)")
INDUSTRY = re.compile(rf"([{HAN}]{{2,6}})产业")
CITATION = re.compile(r"《([^》\n]{2,60})》")


def extract_entities(src: Source, norm: Normalized) -> tuple[list[Mention], list[Incentive]]:
    found: list[Mention] = []
    for kind, pattern, group in (("award", AWARD, 0), ("designation", DESIGNATION, 0),
                                 ("industry", INDUSTRY, 1), ("citation", CITATION, 1)):
        for m in pattern.finditer(norm.text):
            found.append(Mention(kind, m.group(group), evidence(src, norm, *m.span(group))))
    return found, []
