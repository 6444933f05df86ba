"""Citation identity (issue 15): one node per cited document whatever the form, within and across documents, and a
document never cites itself. The cases are written for the rules; the labelled set over the fixtures' gold
citations (tests/fixtures/linkage/citations.tsv) holds the figures in docs/linkage.md."""

from __future__ import annotations

import pytest

from policykg.ingest.extract.citations import find_citations
from policykg.ingest.layout import lay_out
from policykg.ingest.link.citations import document_iri, normal_number
from policykg.ingest.link.vocabulary import packaged
from policykg.ingest.records import Mention, Source
from policykg.scoring.citations import score

VOCAB = packaged()


def _cited(text: str, own_title: str | None = None) -> list[Mention]:
    doc = lay_out(Source(name="snippet.txt", text=text, format="txt", encoding="utf-8"))
    return find_citations(doc, own_title, VOCAB)


def _nodes(text: str, own_title: str | None = None) -> set[str]:
    return {m.attr("concept") or "" for m in _cited(text, own_title)}


GANGYAO = str(document_iri(None, "国发〔2012〕9号"))
TISHENG = str(document_iri(None, "中发〔2017〕24号"))
QIANGGUO = str(document_iri("质量强国建设纲要", None))


@pytest.mark.parametrize(("text", "node"), [
    # one registered document, every form a plan cites it by
    ("根据《质量发展纲要（2011—2020年）》，制定本方案。", GANGYAO),
    ("根据《质量发展纲要(2011-2020年)》(国发〔2012〕9号)，制定本方案。", GANGYAO),
    ("按照国发〔2012〕9号文件要求，制定本方案。", GANGYAO),
    ("按照国发[2012]9号文件要求，制定本方案。", GANGYAO),
    ("贯彻《国务院关于印发质量发展纲要（2011—2020年）的通知》精神。", GANGYAO),
    ("贯彻《国务院关于印发质量发展纲要(2011—2020年)的通知》(国发〔2011〕9号)精神。", GANGYAO),  # a misprinted 文号
    ("贯彻《质量发展纲要》精神。", GANGYAO),
    ("贯彻落实《中共中央 国务院关于开展质量提升行动的指导意见》。", TISHENG),
    ("贯彻落实《中共中央、国务院关于开展质量提升行动的指导意见》。", TISHENG),
    ("贯彻落实《中共中央国务院关于开展质量提升行动的指导意见》(中发〔2017〕24号)。", TISHENG),
    ("为深入贯彻中发〔2017〕24号文件精神。", TISHENG),
    ("落实党中央、国务院《关于开展质量提升行动的指导意见》。", TISHENG),
    ("贯彻《质量强国建设纲要》。", QIANGGUO),
    ("贯彻《质量强国建设纲要》（以下简称《纲要》），按照《纲要》部署。", QIANGGUO),
])
def test_every_form_of_a_registered_document_is_one_node(text: str, node: str) -> None:
    assert _nodes(text) == {node}


def test_a_document_the_registry_lacks_is_keyed_on_its_number_where_known() -> None:
    titled = "根据《某某省人民政府关于推进质量强省建设的实施意见》（某政发〔2020〕5号），制定本方案。"
    bare = "按照某政发〔2020〕5号文件精神。"
    assert _nodes(titled) == _nodes(bare) == {str(document_iri(None, "某政发〔2020〕5号"))}
    # within one document a title+文号 citation binds the title cited alone later
    both = titled + "\n按照《某某省人民政府关于推进质量强省建设的实施意见》要求，某政发〔2020〕5号明确。"
    assert _nodes(both) == _nodes(titled)
    # a title cited alone, in a document that gives no 文号, is keyed on its title
    alone = "根据《某某省人民政府关于推进质量强省建设的实施意见》，制定本方案。"
    assert _nodes(alone) == {str(document_iri("某某省人民政府关于推进质量强省建设的实施意见", None))}


def test_a_bare_number_the_registry_knows_gets_its_title() -> None:
    (mention,) = _cited("为深入贯彻中发〔2017〕24号文件精神。")
    assert mention.attr("untitled") and mention.attr("label") == "中共中央 国务院关于开展质量提升行动的指导意见"


def test_a_document_never_cites_itself() -> None:
    text = ("某某市人民政府关于印发《某某市质量强市建设实施方案（2023—2025年）》的通知\n文号：某政〔2023〕7号\n"
            "现将《某某市质量强市建设实施方案（2023—2025年）》印发给你们。\n某某市质量强市建设实施方案\n"
            "根据《质量强国建设纲要》和某政〔2023〕7号要求，按照《某某市质量强市建设实施方案》执行。\n")
    assert _nodes(text, "某某市质量强市建设实施方案(2023—2025年)") == {QIANGGUO}


def test_a_title_that_contains_a_cited_title_does_not_hide_it() -> None:
    text = "贯彻党中央、国务院印发的《质量强国建设纲要》和《四川省贯彻落实〈质量强国建设纲要〉实施方案》部署。"
    nodes = _nodes(text, "某某市贯彻落实《质量强国建设纲要》实施方案")
    assert QIANGGUO in nodes and len(nodes) == 2


@pytest.mark.parametrize(("raw", "normal"), [
    ("国发〔2012〕9号", "国发〔2012〕9号"), ("国发[2012]9号", "国发〔2012〕9号"),
    ("国发 (2012) 09 号", "国发〔2012〕9号"), ("国发【2012】9号", "国发〔2012〕9号"),
])
def test_numbers_are_normalised(raw: str, normal: str) -> None:
    assert normal_number(raw) == normal


def test_identity_on_the_labelled_citations_of_the_fixtures() -> None:
    # every pair of gold citations: one node exactly when they name one document (docs/linkage.md)
    held_out = score(("heldout",))
    assert held_out.found == held_out.citations == 37 and held_out.self_citations == 0
    assert held_out.precision >= 0.95 and held_out.recall >= 0.95
    every = score()
    assert every.precision >= 0.95 and every.recall >= 0.95 and every.self_citations == 0
