"""Tasks: numbered measures with 责任单位 / 牵头单位 / 配合单位 / 完成时限 marks."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import Normalized, Source, Task

TASK = re.compile(r"(?m)^\s*(\d+)\.([^\n]*?)[(（](?:责任单位|牵头单位)[:：]([^)）]*)[)）]")


def split_agencies(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[、,，;；]", names) if n.strip())


def extract_tasks(src: Source, norm: Normalized) -> list[Task]:
    return [Task(number=m.group(1), text=m.group(2), lead=split_agencies(m.group(3)),
                 evidence=evidence(src, norm, *m.span(2)), span=m.span()) for m in TASK.finditer(norm.text)]
