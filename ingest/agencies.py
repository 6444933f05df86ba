"""Agencies: every government body the text names."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import Mention, Normalized, Source

HAN = r"\u4e00-\u9fff"
AGENCY = re.compile(rf"(?:[{HAN}]{{0,4}}?[省市县区])[{HAN}]{{1,8}}?(?:局|委|办|厅|人民政府)")


def extract_agencies(src: Source, norm: Normalized) -> list[Mention]:
    return [Mention("agency", m.group(0), evidence(src, norm, *m.span())) for m in AGENCY.finditer(norm.text)]
