"""A seeded generator of realistic quality-strong-city plans, for benchmarks at national scale.

    python -m bench.corpus N OUT_DIR [--seed 0]

Writes ``N`` plain-text documents of the genre (``OUT_DIR/gen_00000.txt`` ...). The same seed gives
byte-identical files. Every document is built from templates written here (not from the demo documents)
and varies its layout the way real plans do:

* outline numbering: ``一、`` / ``（一）`` / ``1.`` / ``（1）``, or chapters ``第一章``;
* goals as sentence targets (``到2025年,…达到96%以上``, ranges, ``分别达到…``), as a flattened indicator
  table (one cell per line) or as a row table under a ``序号 指标名称 单位 …`` header;
* tasks with ``（责任单位：…；配合单位：…；完成时限：…）``, ``（牵头单位：…）``, ``（市X局牵头，市Y局配合）`` or
  marks on their own lines;
* enumerations of industries, 《》 citations with 文号, awards and rewards, designations;
* about one document in six in traditional script (OpenCC ``s2t``).

Places (provinces, prefectures with their GB/T 2260 codes), agencies (the surface words of
``agency-names.tsv``), indicators (with their units), industries and awards are drawn from the project's
vocabularies (``ontology/vocab``), read with rdflib.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from policykg.namespaces import PK

VOCAB = Path(__file__).resolve().parents[1] / "ontology" / "vocab"

CN_NUM = "零一二三四五六七八九十"
LEVELS = ("市", "省", "县", "区", "直")
PARTY = {"党委", "纪委", "团委", "监察委", "政法委", "质强委"}


def cn(n: int) -> str:
    """1..99 in Chinese numerals (一, 十二, 二十三)."""
    if n <= 10:
        return CN_NUM[n] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens] if tens > 1 else "") + "十" + (CN_NUM[ones] if ones else "")


@dataclass(frozen=True)
class Place:
    code: str
    label: str          # 许昌市
    short: str          # 许昌
    province: str       # 河南省
    province_short: str


@dataclass(frozen=True)
class Indicator:
    label: str
    unit: str


@dataclass(frozen=True)
class Vocab:
    places: tuple[Place, ...]
    agencies: tuple[str, ...]        # surface words ending in 局/委 (质监局, 住建委, ...)
    indicators: tuple[Indicator, ...]
    industries: tuple[str, ...]
    awards: tuple[str, ...]
    designations: tuple[str, ...]


def _zh(g: Graph, s: URIRef, p: URIRef) -> str | None:
    for o in sorted(g.objects(s, p), key=str):
        if isinstance(o, Literal) and o.language in (None, "zh"):
            return str(o)
    return None


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    regions = Graph().parse(VOCAB / "regions.ttl")
    places = []
    for city in sorted(set(regions.subjects(RDF.type, PK.City)), key=str):
        assert isinstance(city, URIRef)
        province = regions.value(city, PK.inProvince)
        label, short = _zh(regions, city, RDFS.label), _zh(regions, city, SKOS.altLabel)
        if province is None or not label or not short or not label.endswith("市"):
            continue
        assert isinstance(province, URIRef)
        pl, ps = _zh(regions, province, RDFS.label), _zh(regions, province, SKOS.altLabel)
        if pl and ps and pl.endswith("省"):
            places.append(Place(str(city).rsplit("/", 1)[-1], label, short, pl, ps))
    agencies = []
    with (VOCAB / "agency-names.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            surface = line.split("\t")[0]
            if 3 <= len(surface) <= 9 and surface[-1] in "局委" and not surface.startswith(LEVELS) \
                    and "总局" not in surface and surface not in PARTY:
                agencies.append(surface)
    ind = Graph().parse(VOCAB / "indicators.ttl")
    indicators = []
    for c in sorted(set(ind.subjects(RDF.type, PK.Indicator)), key=str):
        assert isinstance(c, URIRef)
        unit = ind.value(c, PK.indicatorUnit)
        labels = sorted({str(o) for o in (*ind.objects(c, SKOS.prefLabel), *ind.objects(c, SKOS.altLabel))
                         if isinstance(o, Literal) and o.language in (None, "zh")})
        for label in labels:
            indicators.append(Indicator(label, str(unit) if unit is not None else "%"))
    industries_g = Graph().parse(VOCAB / "industries.ttl")
    industries = sorted({str(o) for s in industries_g.subjects(RDF.type, PK.Industry)
                         for o in industries_g.objects(s, SKOS.prefLabel) if "、" not in str(o)})
    awards_g = Graph().parse(VOCAB / "awards.ttl")
    awards = sorted({str(o) for s in awards_g.subjects(RDF.type, PK.AwardProgram)
                     for o in awards_g.objects(s, SKOS.prefLabel) if "{" not in str(o)})
    designations = sorted({str(o) for s in awards_g.subjects(RDF.type, PK.Designation)
                           for o in awards_g.objects(s, SKOS.prefLabel)})
    return Vocab(tuple(places), tuple(sorted(set(agencies))), tuple(indicators), tuple(industries),
                 tuple(awards), tuple(designations))


# --- templates -------------------------------------------------------------------------------------------

TITLES = ["{city}质量强市建设实施方案", "{city}创建全国质量强市示范城市工作方案", "{city}质量提升行动计划({y0}—{y1}年)",
          "关于深入开展质量提升行动加快建设质量强市的实施意见", "{city}贯彻落实质量强国建设纲要实施方案"]
CITED = [("质量发展纲要(2011—2020年)", "国发〔2011〕9号"), ("质量强国建设纲要", "中发〔2023〕8号"),
         ("关于开展质量提升行动的指导意见", "中发〔2017〕24号"), ("国家标准化发展纲要", "中发〔2021〕33号"),
         ("关于加强质量认证体系建设促进全面质量管理的意见", "国发〔2018〕3号"),
         ("“十四五”市场监管现代化规划", "国发〔2021〕30号")]
GUIDING = ["以习近平新时代中国特色社会主义思想为指导,坚持以人民为中心的发展思想,牢固树立质量第一的强烈意识,"
           "以提高发展质量和效益为中心,推动质量变革、效率变革、动力变革。",
           "坚持质量第一、效益优先,以供给侧结构性改革为主线,着力提升产品、工程、服务和环境质量,"
           "为建设现代化经济体系提供坚实的质量支撑。",
           "全面贯彻新发展理念,深入实施质量强市战略,健全质量工作机制,夯实质量发展基础,营造全社会重视质量的良好氛围。"]
PRINCIPLES = ["坚持政府引导、企业主体", "坚持创新驱动、标准引领", "坚持问题导向、重点突破", "坚持统筹推进、社会共治",
              "坚持以质取胜、品牌发展"]
TASK_HEADS = ["实施{ind}提升工程", "加强{industry}质量管理", "推进{industry}标准化建设", "培育{industry}知名品牌",
              "开展{industry}质量比对提升", "完善{industry}质量追溯体系", "强化{ind}监测", "健全{industry}质量基础设施",
              "推广先进质量管理方法", "加快检验检测认证机构建设", "深化质量诚信体系建设", "开展质量提升专项行动"]
TASK_BODIES = ["围绕{industry}等重点产业,组织企业对标国际先进水平,开展质量攻关,提升产品质量稳定性。",
               "建立健全{industry}企业首席质量官制度,推广卓越绩效、六西格玛等先进质量管理方法。",
               "加大对{industry}领域的监督抽查力度,督促企业落实质量安全主体责任,严厉打击质量违法行为。",
               "支持企业参与国际标准、国家标准和行业标准制修订,推动{industry}标准体系建设。",
               "引导{industry}企业加强品牌建设,争创知名品牌,提高产品附加值和市场竞争力。"]
DEADLINES = ["{y}年底", "{y}年12月底前", "长期坚持", "{y}年6月底前", "持续推进", "{y}年"]
CHAPTER_TITLES = ["总体要求", "主要目标", "重点任务", "保障措施"]


class Writer:
    """One document's text, built from the templates with a seeded random generator."""

    def __init__(self, rng: random.Random, v: Vocab, index: int) -> None:
        self.rng, self.v, self.index = rng, v, index
        self.place = rng.choice(v.places)
        self.year = rng.randint(2012, 2024)
        self.target_year = self.year + rng.choice([2, 3, 5])
        self.style = rng.choice(["cn", "paren", "chapter"])
        self.table = rng.choice(["none", "flat", "row", "none"])
        self.marks = rng.choice(["bracket", "lead", "inline", "lines"])
        self.restart = rng.random() < 0.4      # item numbers restart in every section
        n_agencies = rng.randint(8, 16)
        self.agencies = ["市" + a for a in rng.sample(v.agencies, n_agencies)]
        self.industries = rng.sample(v.industries, rng.randint(3, 7))
        self.lines: list[str] = []
        self.item = 0

    def pick(self, seq: list[str] | tuple[str, ...]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def heading(self, level: int, n: int, title: str) -> str:
        if self.style == "chapter" and level == 0:
            return f"第{cn(n)}章 {title}"
        if level == 0 or (self.style == "chapter" and level == 1):
            return f"{cn(n)}、{title}"
        if level == 1:
            return f"（{cn(n)}）{title}"
        return f"{n}.{title}"

    def figure(self, ind: Indicator) -> str:
        rng = self.rng
        if ind.unit in ("%", "％"):
            value = rng.choice([85, 90, 92, 93, 94, 95, 96, 97, 98, 99, 99.5])
            return f"{value}%"
        if ind.unit in ("位", "名次"):
            return f"前{rng.randint(3, 30)}位"
        return f"{rng.randint(2, 80)}{ind.unit}"

    def said(self, ind: Indicator) -> str:
        """An indicator as a plan words it: the vocabulary's label about half the time, else with a place,
        a scope or a qualifier added, or a word dropped (what exercises the linker's fallbacks)."""
        rng, label = self.rng, ind.label
        form = rng.randrange(8)
        if form == 0:
            return "全市" + label
        if form == 1:
            return self.place.label + label
        if form == 2:
            return rng.choice(["主要", "重点", "城乡", "规模以上企业"]) + label
        if form == 3 and "质量" in label:
            return label.replace("质量", "", 1)
        return label

    def target_sentence(self) -> str:
        rng, ind = self.rng, self.pick(self.v.indicators)
        fig, label = self.figure(ind), self.said(ind)
        year = self.target_year
        form = rng.randrange(5)
        if form == 0:
            return f"到{year}年,{label}达到{fig}以上。"
        if form == 1:
            return f"{label}稳定在{fig}以上。"
        if form == 2 and ind.unit in ("%", "％"):
            base = rng.randint(80, 92)
            return f"{label}由{self.year}年的{base}%提高到{fig}。"
        if form == 3:
            return f"力争{label}不低于{fig}。"
        return f"{year}年,{label}保持在{fig}。"

    def agency_mark(self) -> str:
        rng = self.rng
        lead = rng.sample(self.agencies, rng.choice([1, 1, 2]))
        support = rng.sample([a for a in self.agencies if a not in lead], rng.randint(1, 4))
        deadline = self.pick(DEADLINES).format(y=self.target_year - rng.randint(0, 2))
        if self.marks == "bracket":
            return f"（责任单位：{'、'.join(lead)}；配合单位：{'、'.join(support)}；完成时限：{deadline}）"
        if self.marks == "lead":
            return f"（牵头单位：{'、'.join(lead)}；配合单位：{'、'.join(support)}；完成时间：{deadline}）"
        if self.marks == "inline":
            return f"（{'、'.join(lead)}牵头，{'、'.join(support)}配合）"
        return f"\n责任单位：{'、'.join(lead)}\n配合单位：{'、'.join(support)}"

    def task(self, number: str) -> str:
        rng = self.rng
        industry = self.pick(self.industries)
        ind = self.pick(self.v.indicators)
        head = self.pick(TASK_HEADS).format(industry=industry, ind=ind.label)
        body = self.pick(TASK_BODIES).format(industry=industry)
        if rng.random() < 0.5:
            body += self.target_sentence()
        return f"{number}{head}。{body}{self.agency_mark()}"

    def header(self) -> None:
        p, rng = self.place, self.rng
        title = self.pick(TITLES).format(city=p.label, y0=self.year, y1=self.target_year)
        number = f"{p.short}政{rng.choice(['发', '办发', '办'])}〔{self.year}〕{rng.randint(1, 120)}号"
        self.lines += [f"{p.label}人民政府关于印发{title}的通知" if not title.startswith("关于") else
                       f"{p.label}人民政府{title}",
                       f"索引号：{p.code}-{self.year}-{self.index:05d}  文号：{number}",
                       f"发布机构：{p.label}人民政府  "
                       f"发布日期：{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                       "各县（市、区）人民政府，市政府各部门：",
                       f"  现将《{title}》印发给你们，请认真贯彻执行。", "",
                       f"{p.label}人民政府", f"{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "",
                       title]
        cited = rng.sample(CITED, 2)
        self.lines.append(f"  为贯彻落实《{cited[0][0]}》（{cited[0][1]}）和《{cited[1][0]}》精神，"
                          f"依据《{p.province}质量强省建设实施方案》，结合我市实际，制定本方案。")

    def body(self) -> None:
        rng = self.rng
        titles = ["总体要求", "主要目标", "重点任务", "保障措施"]
        for s, title in enumerate(titles, start=1):
            self.lines.append(self.heading(0, s, title))
            if title == "总体要求":
                self.lines.append(self.heading(1, 1, "指导思想"))
                self.lines.append(self.pick(GUIDING))
                self.lines.append(self.heading(1, 2, "基本原则"))
                for k, principle in enumerate(rng.sample(PRINCIPLES, 3), start=1):
                    self.lines.append(f"{k}.{principle}。坚持质量发展与经济社会发展相协调。")
            elif title == "主要目标":
                self.goals()
            elif title == "重点任务":
                self.tasks()
            else:
                self.support()

    def goals(self) -> None:
        rng, p = self.rng, self.place
        self.lines.append(f"到{self.target_year}年，全市质量总体水平显著提升，质量竞争力居全省前列。"
                          + "".join(self.target_sentence() for _ in range(rng.randint(2, 6))))
        inds = rng.sample(self.v.indicators, 3)
        if all(i.unit in ("%", "％") for i in inds):
            values = sorted(rng.sample([91, 93, 95, 96, 97, 98], 3))
            self.lines.append(f"{inds[0].label}、{inds[1].label}和{inds[2].label}分别达到"
                              f"{values[0]}%、{values[1]}%和{values[2]}%。")
        designation = self.pick(self.v.designations)
        self.lines.append(f"成功创建“{designation}”，重点发展{'、'.join(self.industries)}等产业，"
                          f"培育{p.short}知名品牌{rng.randint(5, 40)}个。")
        if self.table == "flat":
            self.lines += ["附件", f"{p.label}质量强市主要指标", "序号", "指标名称", "单位", "目标值"]
            for k, ind in enumerate(rng.sample(self.v.indicators, rng.randint(4, 10)), start=1):
                fig = self.figure(ind)
                self.lines += [str(k), self.said(ind), ind.unit, fig.rstrip(ind.unit).lstrip("前").rstrip("位")]
        elif self.table == "row":
            base = self.year
            self.lines.append(f"序号\t指标名称\t单位\t{base}年基期值\t{self.target_year}年目标值\t指标属性")
            for k, ind in enumerate(rng.sample(self.v.indicators, rng.randint(4, 10)), start=1):
                if ind.unit in ("%", "％"):
                    b, t = rng.randint(80, 92), rng.randint(93, 99)
                else:
                    b, t = rng.randint(1, 20), rng.randint(21, 60)
                self.lines.append(f"{k}\t{self.said(ind)}\t{ind.unit}\t{b}\t≥{t}\t{rng.choice(['预期性', '约束性'])}")

    def tasks(self) -> None:
        rng = self.rng
        for s in range(1, rng.randint(3, 6) + 1):
            industry = self.pick(self.industries)
            self.lines.append(self.heading(1, s, f"提升{industry}质量水平"))
            if self.restart:
                self.item = 0
            for _ in range(rng.randint(2, 6)):
                self.item += 1
                self.lines.append(self.task(f"{self.item}."))
                if rng.random() < 0.15:
                    for sub in range(1, rng.randint(2, 3) + 1):
                        self.lines.append(f"（{sub}）{self.pick(TASK_BODIES).format(industry=industry)}")

    def support(self) -> None:
        rng, p = self.rng, self.place
        self.lines.append(self.heading(1, 1, "加强组织领导"))
        self.lines.append(f"成立{p.label}质量强市工作领导小组（以下简称市质强办），统筹推进质量强市建设工作。"
                          f"{self.agencies[0]}负责领导小组日常工作。")
        self.lines.append(self.heading(1, 2, "强化激励措施"))
        awards = rng.sample(self.v.awards, 2)
        amount = rng.choice([10, 20, 30, 50, 100])
        self.lines.append(f"积极组织企业争创{awards[0]}、{awards[1]}，对获得{awards[0]}的企业给予{amount}万元奖励。")
        self.lines.append(self.heading(1, 3, "明确职责分工"))
        a, b, c = rng.sample(self.agencies, 3)
        self.lines.append(f"{a}、{b}、{c}分别牵头负责产品、工程、服务质量建设工作。")

    def text(self) -> str:
        self.header()
        self.body()
        text = "\n".join(self.lines) + "\n"
        if self.rng.random() < 1 / 6:
            text = _s2t().convert(text)
        return text


@lru_cache(maxsize=1)
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def document(seed: int, index: int) -> str:
    """The text of document ``index`` of the corpus with ``seed``: a function of the two alone."""
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 - a benchmark corpus, not a secret
    return Writer(rng, vocab(), index).text()


def write_corpus(n: int, out: Path, seed: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"gen_{seed}_{i:05d}.txt"
        path.write_text(document(seed, i), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents ({size / 1e6:.1f} MB) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
