"""Blocks with a role in the document: appendices (附件1 重点任务分工表) and the wrapper notice
(X关于印发《…》的通知, the covering text before the plan's own title)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .document import Block, Line

#: An appendix heading on a line of its own: 附件, 附件1, 附件2: 重点任务分工表 (not "附件：1.…" lists of a notice).
APPENDIX = re.compile(r"^[ \t]*附件[ \t]*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})?[ \t]*[:.、]?[ \t]*"
                      r"(?P<t>[^。;]{0,40})$")
#: The wrapper notice's heading: 关于印发《…》的通知.
NOTICE = re.compile(r"关于(?:印发|转发|下发|公布)《?(?P<t>[^《》\n]{4,80}?)》?的(?:通知|函)")


def appendices(lines: Sequence[Line]) -> tuple[Block, ...]:
    """Each appendix runs from its heading to the next appendix heading or the end of the text."""
    heads = [(line, m) for line in lines if (m := APPENDIX.match(line.text)) and (m.group("n") or m.group("t"))]
    if not lines:
        return ()
    end = lines[-1].end
    return tuple(Block("appendix", line.start, heads[i + 1][0].start if i + 1 < len(heads) else end,
                       m.group("t").strip()) for i, (line, m) in enumerate(heads))


def wrapper(lines: Sequence[Line]) -> Block | None:
    """The notice that wraps a plan: from its heading (within the first lines) to the line that restates the
    plan's title, when it does."""
    for i, line in enumerate(lines[:12]):
        m = NOTICE.search(line.text)
        if m is None or re.search(r"[《,，。;；:：]", line.text[: m.start()]):
            continue
        title = re.sub(r"[《》\s]", "", m.group("t"))
        for later in lines[i + 1:]:
            if re.sub(r"[《》\s]", "", later.text) == title:
                return Block("wrapper", line.start, later.start, title)
        return None
    return None
