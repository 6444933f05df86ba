"""Ingest as stages: each document is laid out once, and the layout record holds what extractors read."""

from __future__ import annotations

from collections import Counter

from policykg.ingest.layout import Document, lay_out
from policykg.ingest.pipeline import ingest_paths
from policykg.ingest.records import Source
from policykg.store import OxigraphStore

from support import DEMO, UNSEEN_FILES


def test_each_document_is_laid_out_once_during_ingest() -> None:
    laid_out: Counter[str] = Counter()

    def counting(source: Source) -> Document:
        laid_out[source.name] += 1
        return lay_out(source)

    files = [*sorted(DEMO.glob("*.txt")), *UNSEEN_FILES[:2]]
    reports = ingest_paths(OxigraphStore(), files, layout=counting)
    assert all(r.ok for r in reports), [r.error for r in reports if not r.ok]
    assert laid_out == Counter({path.name: 1 for path in files})


def test_the_document_holds_the_outline_tables_sentences_and_blocks() -> None:
    text = ("XX市人民政府关于印发《XX市质量提升行动方案》的通知\n各区人民政府:\n现印发给你们,请认真贯彻执行。\n"
            "XX市质量提升行动方案\n一、总体目标\n到2025年,产品质量合格率达到95%以上。\n"
            "序号 | 指标 | 单位 | 2025年目标值\n1 | 产品质量合格率 | % | 95\n2 | 农产品抽检合格率 | % | 98\n"
            "二、保障措施\n加强组织领导。\n附件:重点任务分工表\n1.建设质量强市\n")
    doc = lay_out(Source(name="plan.txt", text=text, format="txt", encoding="utf-8"))
    assert [(s.number, s.title) for s in doc.sections][:2] == [("1", "总体目标"), ("2", "保障措施")]
    assert len(doc.row_tables) == 1 and len(doc.row_tables[0].rows) == 2
    assert any(s.text == "加强组织领导" for s in doc.sentences)
    assert [a.title for a in doc.appendices] == ["重点任务分工表"]
    assert doc.wrapper is not None and doc.wrapper.title == "XX市质量提升行动方案"
    assert text[doc.wrapper.start:doc.wrapper.end].startswith("XX市人民政府关于印发")
    assert doc.lines[0].text == text.split("\n")[0]
    quote = doc.evidence(doc.sentences[0].start, doc.sentences[0].end)
    assert quote.quote == text[quote.start:quote.end]


def test_the_layout_is_a_frozen_record() -> None:
    doc = lay_out(Source(name="a.txt", text="一、目标\n", format="txt", encoding="utf-8"))
    try:
        doc.sections = ()  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Document is mutable")


def test_the_link_stage_takes_the_vocabulary_it_is_given() -> None:
    from rdflib import URIRef

    from policykg.ingest.extract import extract
    from policykg.ingest.link import Vocabulary, link
    from policykg.ingest.link.concept import Concept

    rate = Concept(URIRef("https://example.org/indicator/widget-pass-rate"), "小部件合格率", kind="indicator", unit="%")
    chief = Concept(URIRef("https://example.org/instrument/chief"), "首席小部件官制度", kind="instrument")
    small = Vocabulary(provinces=(), cities=(), awards=(), designations=(), industries=(), lexicon={}, reforms={},
                       indicators=(rate,), instruments=(chief,))
    text = "一、目标\n到2025年,小部件合格率达到98%以上。\n二、措施\n推行首席小部件官制度。\n"
    doc = lay_out(Source(name="small.txt", text=text, format="txt", encoding="utf-8"))
    ex = extract(doc, small)
    links = link(ex, small)
    assert [lk.concept if lk else None for lk in links.indicators] == [rate.iri]
    assert links.instruments == (chief.iri,)
    assert links.regions == ()
