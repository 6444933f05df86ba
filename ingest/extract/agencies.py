"""Agencies: every government body the text names, resolved to one node per jurisdiction and full name.

Surface words come from the agency-type vocabulary (``ontology/vocab/agency-names.tsv``, mirrored as
skos:altLabel in ``agency-types.ttl``): 质监局 → 质量技术监督局 (quality supervision, reformed into market
regulation in 2018). A mention is ``[region][level] core [collective tail]``: 鄂州市人民政府, 市质监局,
各区人民政府, 市政府各部门, 市质强委相关成员单位. Abbreviations the text defines (〈以下简称市质强委〉) are
aliases; generic phrases (各级政府, 相关部门, 当地政府) and bodies named inside 《titles》 are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..layout import Document
from ..link.vocabulary import Vocabulary, packaged
from ..records import Agency, Evidence
from ..words import HAN, alternation, used

# ----------------------------------------------------------------------------------------------- mentions

#: Bodies the genre names without a lexicon word: leading groups, committees and their offices, 强省办.
ZONE = (rf"(?:[{HAN}]{{2,5}}?)?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|新区|园区|产业集聚区"
        r"|工业区|经济区|工区)"
        rf"管(?:理)?委(?:员)?会")
STRUCTURAL = (r"(?:质量[强兴][省市县区州盟旗镇国](?:\([县市区、]{1,6}\))?"
              r"|质量发展|质量|食品安全|标准化|品牌建设|知识产权|创建)"
              r"(?:建设|推进|战略|工作){0,2}(?:领导小组|委员会|联席会议)(?:办公室)?|(?:质量)?[强兴][省市县区州]办"
              r"|质[强兴]委(?:办公室)?|领导小组办公室")
#: Kinds of jurisdiction a collective names: 各市州, 各县(市), 各市、自治州, 各市(州)、县(市、区); without 各
#: only where no name runs into it ("梁子湖区、市农委" are two units).
UNIT = rf"(?:{alternation(used('jurisdiction-units', 'agency'), longest_first=False)})"
UNITS = rf"{UNIT}(?:\({UNIT}(?:、{UNIT})*\))?"            # 县, 县(市), 县(市、区)
COLLECTIVE = (rf"各{UNITS}(?:、?{UNITS})*"
              rf"|(?:(?<![{HAN}])|(?<=[为和及与对由向将把是在的]))(?:{UNITS}(?:、{UNITS})+|{UNIT}\({UNIT}(?:、{UNIT})*\))")
LEVEL = (rf"{COLLECTIVE}|各级|各"
         r"|[省市县区]委(?=组织部|宣传部|统战部|政法委|党校|办公室|各部门|网信办|编办|农办|外办|政研室|巡察办)"
         r"|国家|省|市|县|区|州|盟|旗")
#: "省政府质量工作领导小组": the government a leading group is set up by stands before it.
GOVERNMENT_OF = r"(?:人民)?政府(?=(?:{structural}))"
#: A merged bureau whose name joins two functions, the last one a lexicon word: "区住房建设和交通运输局",
#: "州文化广播电视和旅游局". Read back from the lexicon word to the level before it.
COMPOUND_HEAD = re.compile(rf"(?P<level>国家|省|市|县|区|州|盟|旗)"
                           rf"(?P<first>(?:(?![局委厅办府院部和、的在对为与及])[{HAN}]){{2,10}})和$")
#: Prizes named after a government ("安徽省政府质量奖", "市人民政府质量奖") name no body.
AWARD_AFTER = re.compile(rf"(?:质量|标准|品牌|管理|创新|卓越绩效)[{HAN}]{{0,4}}?奖(?![励金])")
TAILS = r"各部门|直属各单位|相关成员单位|各成员单位|成员单位"
#: A branch of the central bank named after its city (the post-2024 naming): 人民银行南通市分行.
BANK_BRANCH = rf"(?:中国)?人民银行[{HAN}]{{2,6}}?(?:分行|中心支行)"
#: National bodies whose local bureaus carry their name: 国家税务总局洛阳市税务局.
VERTICAL = "国家税务总局"
#: A county branch of a city bureau: 潍坊市生态环境局临朐分局, 市公安局高新分局.
BRANCH = rf"[{HAN}]{{2,4}}?分局"
#: Cores that name a body only with a jurisdiction before them (政府 alone, or 财政部门, is generic).
NEEDS_PREFIX = re.compile(r"(?:部门|政府|行政公署|行署|党委|委员会|人大|政协|法院|检察院|团委|妇联|总工会|工商联"
                          r"|组织部|宣传部|统战部|党校|办公厅|办公室|管理委员会|^管委会|街道办事处|人行|政协办公室)$")
#: Lexicon words that name places or fragments, not bodies, when they stand alone in running text.
NOT_MENTIONS = {"开发区", "经济技术开发区", "经济开发区", "高新技术产业开发区", "质监", "市场监管", "人大", "政协"}
#: A verb the name of a zone's committee can run into: "依托大南海石化工业区管委会".
ZONE_VERB = re.compile(r"^(?:依托|依靠|推动|支持|推进|围绕|鼓励|指导|督促|会同)")
FUNCTION_CHARS = re.compile(r"^[的在于和及与或由向对为将把是设到]+")
GENERIC = re.compile(r"^各级(?:政府|人民政府|党委|财政|部门)|^各(?:政府|部门|有关部门)$")
ZONE_RE = re.compile(ZONE)
STRUCTURAL_RE = re.compile(STRUCTURAL)
PLACE_NAMED = re.compile(r"(?:出入境)?检验检疫局|海关|中心支行|经济技术开发区管委会|经济开发区管委会|开发区管委会"
                         r"|高新区管委会")


#: A collective of a government's units: 市各委办局, 市直有关单位, 市人民政府各工作部门, 省委各部委, 区各有关单位.
UNITS_OF = re.compile(r"(?:[省市县区](?:人民)?政府|[省市县区]委|[省市县区]直?|[省市县区]级)?(?:各|有关|直属)")
UNITS_END = re.compile(r"(?:单位|部门|委办局|部委|[委局办]、[局办委](?:、[局办委])?|机构)$")


@dataclass(frozen=True)
class Context:
    """The document's own jurisdictions and the abbreviations it defines."""

    city: str | None = None          # 鄂州市
    province: str | None = None      # 湖北省
    county: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()
    vocab: Vocabulary = field(default_factory=packaged, compare=False, repr=False)

    def short(self, name: str | None) -> str | None:
        """湖北省 → 湖北; 锡林郭勒盟 → 锡林郭勒; an autonomous prefecture or county without its peoples:
        延边朝鲜族自治州 → 延边, 长阳土家族自治县 → 长阳."""
        if not name:
            return None
        autonomous = re.fullmatch(rf"(?P<base>[{HAN}]{{2,}}?)(?:[{HAN}]{{1,4}}族)+自治(?:州|县|旗)", name)
        if autonomous:
            return autonomous.group("base")
        return re.sub(r"(?:省|市|自治区|特别行政区|县|区|盟)$", "", name)

    @property
    def regions(self) -> tuple[str, ...]:
        names = [n for n in (self.city, self.province, self.county) if n]
        return tuple(dict.fromkeys([*names, *(s for n in names if (s := self.short(n)) and len(s) >= 2)]))


#: Words a mention may open with, before its region (the alternatives of ``mention_pattern``'s first group, in order).
OPENERS = ("中共", "共青团", "中国人民银行", "人民银行", "人行", VERTICAL)


def _cores(aliases: tuple[str, ...], vocab: Vocabulary) -> str:
    cores = sorted({*(c for c in vocab.lexicon if c not in NOT_MENTIONS), *aliases, *(f"{a}办公室" for a in aliases)},
                   key=len, reverse=True)
    return "|".join(re.escape(c) for c in cores)


def _head() -> str:
    """What stands between a mention's region and its core: the level and the government."""
    return rf"(?P<level>{LEVEL})?(?P<gov>{GOVERNMENT_OF.format(structural=STRUCTURAL)})?"


def _body(core: str) -> str:
    """A mention's core, branch and tail."""
    return rf"(?P<core>{BANK_BRANCH}|{ZONE}|{STRUCTURAL}|{core})(?P<branch>(?<=局){BRANCH})?(?P<tail>{TAILS})?"


@lru_cache(maxsize=64)
def mention_pattern(regions: tuple[str, ...], aliases: tuple[str, ...], vocab: Vocabulary) -> re.Pattern[str]:
    """One pattern for a mention with the document's own ``regions`` in it (:func:`mentions_in` gives the same
    matches with patterns compiled once per vocabulary instead of once per document)."""
    core = _cores(aliases, vocab)
    region = "|".join(re.escape(r) for r in sorted(regions, key=len, reverse=True)) or "(?!)"
    return re.compile(
        rf"(?P<pre>(?:{'|'.join(OPENERS)})?(?:(?P<region>{region})|(?P<place>[{HAN}]{{2}})(?=(?:{PLACE_NAMED.pattern})))?"
        rf"{_head()}){_body(core)}")


@lru_cache(maxsize=64)
def rest_pattern(aliases: tuple[str, ...], vocab: Vocabulary) -> re.Pattern[str]:
    """The part of :func:`mention_pattern` after the region: compiled once per vocabulary (and set of aliases)."""
    core = _cores(aliases, vocab)
    return re.compile(_head() + _body(core))


PLACE_AHEAD = re.compile(rf"[{HAN}]{{2}}(?=(?:{PLACE_NAMED.pattern}))")


@dataclass(frozen=True)
class Parts:
    """One match of :func:`mention_pattern`: its span and groups (None where a group took no part)."""

    start: int
    end: int
    pre: str
    region: str | None
    place: str | None
    level: str | None
    core: str
    branch: str | None
    tail: str | None

    @classmethod
    def of(cls, m: re.Match[str]) -> Parts:
        return cls(m.start(), m.end(), m.group("pre"), m.group("region"), m.group("place"), m.group("level"),
                   m.group("core"), m.group("branch"), m.group("tail"))


def _match_at(text: str, at: int, regions: tuple[str, ...], rest: re.Pattern[str], full: bool) -> Parts | None:
    """:func:`mention_pattern` of ``regions`` matched at ``at`` (``full``: up to the end of ``text``), trying its
    alternatives in the order the regular expression engine does: each opener, then no opener; for each, every
    region (longest first), then a place before a place-named body, then neither."""
    for opener in (*OPENERS, ""):
        if not text.startswith(opener, at):
            continue
        j = at + len(opener)
        heads: list[tuple[int, str | None, str | None]] = [(j + len(r), r, None) for r in regions
                                                           if text.startswith(r, j)]
        if PLACE_AHEAD.match(text, j):
            heads.append((j + 2, None, text[j : j + 2]))
        heads.append((j, None, None))
        for k, region, place in heads:
            t = rest.fullmatch(text, k) if full else rest.match(text, k)
            if t is not None:
                return Parts(at, t.end(), text[at : t.start("core")], region, place, t.group("level"),
                             t.group("core"), t.group("branch"), t.group("tail"))
    return None


def _starts(text: str, regions: tuple[str, ...]) -> list[int]:
    """Every offset where a mention naming one of ``regions`` could start: the region, or an opener right before it."""
    starts = set()
    for region in regions:
        j = text.find(region)
        while j >= 0:
            starts.add(j)
            starts.update(j - len(o) for o in OPENERS if text.startswith(o, j - len(o)) and j >= len(o))
            j = text.find(region, j + 1)
    return sorted(starts)


def mentions_in(text: str, regions: tuple[str, ...], aliases: tuple[str, ...], vocab: Vocabulary) -> Iterator[Parts]:
    """The matches of ``mention_pattern(regions, aliases, vocab).finditer(text)``, without compiling it.

    The pattern without regions (compiled once) finds the next mention that names none; a mention naming a region
    can only start where the region or an opener before it stands, and each such offset up to that next mention is
    tried with the pattern's remainder (compiled once too) in the engine's own order (:func:`_match_at`).
    """
    base = mention_pattern((), aliases, vocab)
    if not regions:
        yield from map(Parts.of, base.finditer(text))
        return
    ordered = tuple(sorted(regions, key=len, reverse=True))
    rest = rest_pattern(aliases, vocab)
    starts = _starts(text, ordered)
    pos, n = 0, 0
    while pos <= len(text):
        m0 = base.search(text, pos)
        limit = m0.start() if m0 is not None else len(text)
        found = None
        while n < len(starts) and starts[n] <= limit:
            if starts[n] >= pos:
                found = _match_at(text, starts[n], ordered, rest, full=False)
                if found is not None:
                    break
            n += 1
        if found is None:
            if m0 is None:
                return
            found = Parts.of(m0)
        yield found
        pos = found.end


def fullmatch_mention(surface: str, regions: tuple[str, ...], aliases: tuple[str, ...],
                      vocab: Vocabulary) -> Parts | None:
    """``mention_pattern(regions, aliases, vocab).fullmatch(surface)``, without compiling it."""
    ordered = tuple(sorted(regions, key=len, reverse=True))
    return _match_at(surface, 0, ordered, rest_pattern(aliases, vocab), full=True)


@dataclass(frozen=True)
class Found:
    surface: str
    start: int
    end: int


def _masked(text: str) -> str:
    return re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), text)


def find_mentions(text: str, ctx: Context) -> list[Found]:
    """Agency mentions in ``text`` (normalised offsets), not counting names inside 《titles》."""
    out = []
    masked = _masked(text)
    for unit in UNIT_COLLECTIVE.finditer(masked):
        out.append(Found(unit.group(0), unit.start(), unit.end()))
    for m in mentions_in(masked, ctx.regions, tuple(a for a, _ in ctx.aliases), ctx.vocab):
        surface = masked[m.start : m.end]
        has_prefix = bool(m.pre)
        if m.place and not m.region and _is_function_word(m.place):
            surface = surface[2:]
            has_prefix = bool(m.level)
        trimmed = FUNCTION_CHARS.sub("", surface)
        surface = ZONE_VERB.sub("", trimmed) if ZONE_RE.search(trimmed) else surface
        if NEEDS_PREFIX.search(m.core) and not has_prefix and not STRUCTURAL_RE.fullmatch(m.core):
            continue
        if GENERIC.search(surface):
            continue
        if m.core in ("政府", "人民政府") and not (m.level or m.region):
            continue
        if AWARD_AFTER.match(masked, m.end):
            continue
        start, end = m.end - len(surface), m.end
        head = COMPOUND_HEAD.search(masked, max(0, start - 16), start) if not has_prefix else None
        if head and masked[start - 1 : start] == "和":
            surface, start = masked[head.start() : m.end], head.start()
        elif not has_prefix and (named := _named_before(masked, start, ctx)):
            surface, start = named + surface, start - len(named)
        if start > 0 and ZONE_RE.search(surface) and ZONE_VERB.match(masked, start - 1):
            surface, start = surface[1:], start + 1  # 依托X工业区管委会: 托 is the verb's
        if masked.startswith(ZONE_TOO, end) and surface.endswith("政府") and surface.startswith("各"):
            surface, end = surface + ZONE_TOO, end + len(ZONE_TOO)
        out.append(Found(surface, start, end))
    return out


#: "各县(市、区)人民政府(管委会)": the zones' committees addressed alongside the governments, one collective.
ZONE_TOO = "(管委会)"
#: What ends the words before a bare bureau name: punctuation, a function word, a verb of the responsibility marks.
NAME_STOP = re.compile(rf"(?:[^{HAN}]|[的在于和及与或、由向对为将把是设局委厅办府院部室]"
                       r"|牵头|配合|负责|会同|参与|协办)$")


def _named_before(text: str, start: int, ctx: Context) -> str:
    """The level or place and name words glued before a bureau the lexicon knows only by its end:
    "市文化旅游广电局" (广电局), "市文体广电旅游局" (旅游局), "福州市福清生态环境局" (a prefecture bureau's county
    branch). "" where the words before it open with no level or place (推动市场监管局)."""
    if start == 0 or not re.match(rf"[{HAN}]", text[start - 1]) or _is_function_word(text[start - 1]):
        return ""
    begin = start - 1
    while begin > max(0, start - 10) and not NAME_STOP.search(text[:begin]):
        begin -= 1
    words = text[begin:start]
    places = "|".join(re.escape(r) for r in sorted(ctx.regions, key=len, reverse=True)) or "(?!)"
    opened = re.match(rf"(?:{places}|[省市县区州盟旗])", words)
    if not opened or opened.end() == len(words) or re.search(r"[局委厅办府院部室]|牵头|配合|负责|会同", words):
        return ""
    return words


#: Collectives named without a body word: a government's units (市直有关单位, 县各有关部门, 市级各部门) and the towns
#: and sub-districts (各镇, 各乡镇, 各镇(街道), 各镇、街), in running text after a clause start or a conjunction.
UNIT_COLLECTIVE = re.compile(
    rf"(?:(?<![{HAN}])|(?<=[和及与、对由向将]))(?:[省市县区](?:直|级)?各?有关|[省市县区]直各?|[省市县区]级各)(?:单位|部门)"
    rf"|各(?:乡镇|镇|乡)(?:\((?:街道|乡镇|镇)\)|、街(?:道)?)?(?=[和及与,;。、]|要|按|结合)"
    rf"(?![、和及]各(?:有关)?部门)")     # "各乡(镇)、各部门": every body there is, a generic pair


def _is_function_word(text: str) -> bool:
    return bool(re.search(r"[的在于和及与或、由向对为将把是设]", text))


# --------------------------------------------------------------------------------------------- resolution

AGENCY_SUFFIX = re.compile(rf"(?:{alternation(used('agency-suffixes', 'bureau'))})$")


@dataclass(frozen=True)
class Resolved:
    full_name: str
    jurisdiction: str
    type: str | None
    collective: bool


def _split(surface: str, ctx: Context) -> tuple[str, str, str, str, str]:
    """(region, level, core, branch, tail) of a surface form."""
    m = fullmatch_mention(surface, ctx.regions, tuple(a for a, _ in ctx.aliases), ctx.vocab)
    if not m:
        # a name the lexicon lacks, after its jurisdiction: "区经济科技和信息化局", "州文化广播电视和旅游局"
        heads = [(r, True) for r in sorted(ctx.regions, key=len, reverse=True)] + [(w, False) for w in LEVEL_WORDS]
        for head, is_region in heads:   # the first head the rest of the name follows, as the alternation would
            if surface.startswith(head) and OWN_CORE.fullmatch(surface, len(head)):
                if AGENCY_SUFFIX.search(surface[len(head):]):
                    return (head if is_region else ""), ("" if is_region else head), surface[len(head):], "", ""
                break
        return "", "", surface, "", ""
    region = m.region or m.place or ""
    return region, m.level or "", m.core, m.branch or "", m.tail or ""


#: The level words a name the lexicon lacks may open with, and what may follow as its core (``_split``).
LEVEL_WORDS = ("国家", "省", "市", "县", "区", "州", "盟", "旗")
OWN_CORE = re.compile(rf"[{HAN}()]{{3,}}")


def _region_full(region: str, ctx: Context) -> str:
    for full in (ctx.city, ctx.province, ctx.county):
        if full and region in (full, ctx.short(full)):
            return full
    return region


def agency_type_of(core: str, tail: str, vocab: Vocabulary) -> str | None:
    entry = vocab.lexicon.get(core)
    if entry:
        return entry.type
    if re.search(r"领导小组|委员会|[强兴][省市县区州]办|质强委", core):
        return "quality-committee"
    if re.search(r"(?:开发区|高新区|新区|园区)(?:管委会)?$", core):
        return "development-zone"
    if re.search(r"[区县市]$", core):
        return "peoples-government"
    return _type_by_ending(core, vocab)


def _type_by_ending(core: str, vocab: Vocabulary) -> str | None:
    """A merged bureau the lexicon lacks takes the type of the lexicon name it ends with (…和旅游局 → culture and
    tourism), where that name is a bureau's (3 characters at least, ending as bodies end), else of the lexicon names
    sharing its longest ending of 4 characters or more, where they agree."""
    lexicon = vocab.lexicon
    words = [w for w in lexicon if len(w) >= 3 and core.endswith(w) and AGENCY_SUFFIX.search(w)]
    if words:
        return lexicon[max(words, key=len)].type
    # else the ending it shares with lexicon names, where all of them are of one type: …和信息化局 → 经济和信息化局
    for size in range(len(core) - 1, 3, -1):
        types = {e.type for w, e in lexicon.items() if w.endswith(core[-size:])}
        if len(types) == 1:
            return types.pop()
        if types:
            return None
    return None


def resolve(surface: str, ctx: Context) -> Resolved:
    """Full name, jurisdiction, type and collectiveness of one surface form.

    市质监局 (鄂州) → 鄂州市质量技术监督局; 市质强委办公室 with 〈以下简称市质强委〉 → 鄂州市质量强市工作委员会办公室;
    各区人民政府 → a collective of 鄂州市; 检验检疫局 → 湖北出入境检验检疫局.
    """
    for alias, full in sorted(ctx.aliases, key=lambda a: len(a[0]), reverse=True):
        if alias in surface and full not in surface:
            surface = surface.replace(alias, full, 1)
            break
    region, level, core, branch, tail = _split(surface, ctx)
    entry = ctx.vocab.lexicon.get(core)
    if entry and not level and not region and core[0] in "省市县区" and core[1:2] == "委":
        level = core[0]                                       # 省委 is the province's party committee
    core_full = entry.full if entry else core
    agency_type = agency_type_of(core, tail, ctx.vocab)
    collective = bool(tail) or surface.startswith("各") or "、" in level or "(" in level or core.startswith("直") \
        or bool(UNITS_OF.match(surface) and UNITS_END.search(surface))
    level_base = level[0] if level.endswith("委") and len(level) == 2 else level
    if region:
        jurisdiction = _region_full(region, ctx)
    elif level_base.endswith("省"):
        jurisdiction = ctx.province or "省"
    elif level_base.endswith("市") and not level_base.startswith(("各", "县", "市、")):
        # 市 in a county-level city's plan (新密市) is that city, not its prefecture
        jurisdiction = ctx.county if ctx.county and ctx.county.endswith("市") else ctx.city or "市"
    elif level_base == "国家" or core in ("国务院", "中共中央") or _national(core_full, agency_type):
        jurisdiction = "国家"
    elif level_base in ("县", "区", "旗"):
        jurisdiction = ctx.county or level_base
    elif ctx.county and re.fullmatch(r"各(?:乡镇|乡|镇|街道)(?:\((?:乡镇|乡|镇|街道)\))?", level_base):
        jurisdiction = ctx.county                             # a county plan's 各乡镇 are the county's
    else:
        jurisdiction = ctx.city or ctx.province or ""
    short = ctx.short(jurisdiction) or jurisdiction
    known = jurisdiction not in ("市", "省", "县", "区", "")
    if agency_type in ("entry-exit-inspection", "customs") and jurisdiction != "国家":
        name = f"{short}{core_full}"
    elif level.endswith("委") and len(level) == 2:          # 市委宣传部 → 中共鄂州市委宣传部
        name = f"中共{jurisdiction if known else level[0]}委{core_full}"
    elif core_full.startswith(("中共", "共青团")):           # 市委 → 中共鄂州市委员会
        prefix = "中共" if core_full.startswith("中共") else "共青团"
        name = f"{prefix}{jurisdiction if known else core_full[len(prefix)]}{core_full[len(prefix) + 1 :]}"
    elif agency_type == "peoples-bank" and known and core_full == "人民银行":
        name = f"中国人民银行{jurisdiction}{'中心支行' if jurisdiction.endswith('市') else '分行'}"
    elif agency_type == "peoples-bank" and region and core_full == "中心支行":     # 人行南昌中心支行
        name = f"中国人民银行{short}中心支行"
    elif jurisdiction == "国家":
        name = f"{level if level == '国家' else ''}{core_full}"
    elif collective and (level.startswith("各") or "、" in level or "(" in level):
        name = f"{jurisdiction if known else ''}{level}{core_full}"
    elif not entry and not re.fullmatch(STRUCTURAL, core) and not level and not region:
        name = surface if not known or surface.startswith((short, jurisdiction)) else f"{jurisdiction}{surface}"
    elif known:
        name = f"{jurisdiction}{core_full}"
    else:
        name = f"{level}{core_full}"
    name += branch + tail
    if surface.startswith(VERTICAL) and not name.startswith(VERTICAL):
        name = VERTICAL + name
    return Resolved(name, jurisdiction or "未知", agency_type, collective)


def _national(core_full: str, agency_type: str | None) -> bool:
    """Ministries and national administrations (工业和信息化部, 市场监督管理总局) belong to no local jurisdiction."""
    return core_full.endswith(("部", "总局", "总署")) and agency_type not in ("party-department", None)


def merge_key(resolved: Resolved) -> tuple[str, str]:
    """Names that differ only by region, 人民, 工作, 战略, brackets or 、 within one jurisdiction are one body."""
    name = resolved.full_name
    for region in sorted({resolved.jurisdiction, re.sub(r"[省市县区]$", "", resolved.jurisdiction)}, key=len,
                         reverse=True):
        if len(region) >= 2:
            name = name.replace(region, "")
    name = re.sub(r"人民政府", "政府", name)
    name = re.sub(r"工作|战略|^各", "", name)
    name = re.sub(r"[()、]", "", name)          # 各县(市)人民政府 and 各县市政府 name one collective (one IRI too)
    return resolved.jurisdiction, name


# ------------------------------------------------------------------------------------------------ extract

@dataclass
class _Body:
    resolved: Resolved
    surfaces: list[str] = field(default_factory=list)
    evidence: Evidence | None = None


def collect(surfaces: Iterable[tuple[str, Evidence | None]], ctx: Context) -> list[Agency]:
    """Resolve surface forms and merge those that name the same body, keeping every form as an alias."""
    bodies: dict[tuple[str, str], _Body] = {}
    surfaces = list(surfaces)
    office_of = _single_leading_group(s for s, _ in surfaces if "领导小组" in s)
    # "市质量强市工作领导小组各成员单位" names the leading group as a body of its own as well
    surfaces += [(m.group(1), ev) for s, ev in surfaces if (m := MEMBERS_OF.fullmatch(s.strip()))]
    # a back-reference ("领导小组办公室") is the office the text names in full, else the one group it refers to
    surfaces.sort(key=lambda s: s[0].strip() == "领导小组办公室")
    for surface, ev in surfaces:
        surface = surface.strip()
        if not surface:
            continue
        resolved = resolve(re.sub(r"(?<=[局委办厅府])等(?:部门|单位)$", "", surface), ctx)   # 县民政局等部门
        if surface == "领导小组办公室" and office_of:      # a back-reference to the one leading group
            resolved = resolve(office_of + "办公室", ctx)
            if merge_key(resolved) not in bodies and merge_key(group := resolve(office_of, ctx)) in bodies:
                resolved = group
        body = bodies.setdefault(merge_key(resolved), _Body(resolved))
        if surface not in body.surfaces:
            body.surfaces.append(surface)
        if body.evidence is None:
            body.evidence = ev
    return [Agency(full_name=b.resolved.full_name, jurisdiction=b.resolved.jurisdiction, surfaces=tuple(b.surfaces),
                   agency_type=b.resolved.type, collective=b.resolved.collective, evidence=b.evidence)
            for b in bodies.values()]


MEMBERS_OF = re.compile(r"([省市县区][^各、]{2,16}领导小组)各?成员单位")


def _single_leading_group(names: Iterable[str]) -> str | None:
    """The one leading group a document names (市质量强市工作领导小组 and 质量强市领导小组 are one), if only one."""
    groups = [n[: n.index("领导小组") + 4] for n in names if "领导小组" in n and not n.startswith(("领导小组", "各"))]
    cores = {re.sub(r"^[省市县区]|工作|战略", "", g) for g in groups}
    return max(groups, key=len) if len(cores) == 1 else None


def context_for(city: str | None, province: str | None, aliases: Iterable[tuple[str, str]] = (),
                county: str | None = None, vocab: Vocabulary | None = None) -> Context:
    return Context(city=city, province=province, county=county, aliases=tuple(dict.fromkeys(aliases)),
                   vocab=vocab or packaged())


COUNTY = re.compile(rf"[{HAN}]{{1,6}}?(?:自治县|自治旗|县|旗|区|市)"
                    r"(?=人民政府|政府|委员会|党委|关于|创建|质量|贯彻|推进|$)")


def county_of(level: str | None, names: Iterable[str | None], city: str | None) -> str | None:
    """The county (district, county-level city) whose plan a county-level document is: 临朐县 from 临朐县人民政府."""
    if level != "county":
        return None
    for name in names:
        m = COUNTY.match(name or "")
        if m and m.group(0) != city and not m.group(0).endswith("省"):
            return m.group(0)
    return None


def defined_aliases(text: str) -> list[tuple[str, str]]:
    """Abbreviations the text defines: "市质量强市工作委员会〈以下简称市质强委〉" → (市质强委, 市质量强市工作委员会)."""
    out = []
    for m in re.finditer(r"[〈(]以下简称[“\"]?(?P<alias>[^〉)”\"]{2,12})[”\"]?[〉)]", text):
        head = re.split(rf"[^{HAN}()、]", text[max(0, m.start() - 30) : m.start()])[-1]
        if head:
            out.append((m.group("alias"), head))
    return out


def extract_agencies(doc: Document, ctx: Context,
                     extra: Iterable[tuple[str, Evidence | None]] = ()) -> list[Agency]:
    """Every body the text names, plus ``extra`` surfaces (task units, duty holders, issuers)."""
    found = [(f.surface, doc.evidence(f.start, f.end)) for f in find_mentions(doc.text, ctx)]
    found += [(name, doc.evidence(a, b)) for name, a, b in addressees(doc.text)]
    return collect([*found, *extra], ctx)


#: The addressee line of a notice: "各县(区)人民政府,市各委办局,市各直属单位:" (its bodies separated by commas).
ADDRESSEE_LINE = re.compile(rf"^[ \t]*((?:各|市|省|县|区|州)[{HAN}()、]{{2,30}}(?:,[{HAN}()、]{{2,30}}){{0,8}})"
                            r":[ \t]*$", re.M)
#: Its bodies: a government, a collective, a committee or bureau set, or a zone's committee.
ADDRESSEE = re.compile(r"(?:人民政府|政府|管委会|党工委|单位|部门|委办局|局|办|委|厅|机构|党委|办事处)$")


def addressees(text: str, head: int = 40) -> list[tuple[str, int, int]]:
    """The bodies a notice is addressed to, from its addressee line among the first ``head`` lines."""
    lines = text.split("\n", head)[:head]
    end = sum(len(ln) + 1 for ln in lines)
    m = ADDRESSEE_LINE.search(text, 0, end)
    if m is None:
        return []
    out = []
    # Bodies are separated by commas; inside one, "A、B管委会" names B's committee whole and A only in part, and
    # "市政府各部门、直属机构" adds the directly affiliated bodies, which are no addressee of their own kind.
    # "各县、区人民政府" is one collective too (its 、 joins kinds of unit); "各直属机构" names a body of its own only
    # as an addressee of its own (after a comma), not as the tail of "市政府各部门、各直属机构".
    pieces: list[tuple[str, int, str]] = []
    at, sep = m.start(1), ","
    for piece in re.split(r"([,、](?![^()]*\)))", m.group(1)):
        if piece in (",", "、"):
            at, sep = at + 1, piece
            continue
        if pieces and sep == "、" and (re.fullmatch(r"[委办局厅室]", piece)      # 市人民政府各委、局、办
                                       or re.fullmatch(rf"各?(?:{UNIT})", pieces[-1][0])):
            pieces[-1] = (f"{pieces[-1][0]}、{piece}", pieces[-1][1], pieces[-1][2])
        else:
            pieces.append((piece, at, sep))
        at += len(piece)
    for name, start, before in pieces:
        if re.search(r"(?:人民政府|政府)\(管委会\)$", name) or (ADDRESSEE.search(name) \
                and not re.search(r"[的和在对]|同意|印发", name) \
                and not re.match(r"有关(?:单位|部门)$", name) and not (before == "、" and re.match("各?直属", name))):
            out.append((name, start, start + len(name)))
    return out
