"""Normalisation: pinyin glosses, mojibake, traditional script, widths and spacing, with offsets back to the source."""

from __future__ import annotations

from policykg.ingest.layout.normalize import evidence, normalize, repair_line
from policykg.ingest.read import read_source
from policykg.ingest.records import Source

from support import seed


def _src(text: str) -> Source:
    return Source(name="snippet.txt", text=text, format="txt", encoding="utf-8")


def test_pinyin_glosses_are_dropped_and_quotes_keep_them() -> None:
    src = _src("地區(qū)創(chuàng)質量強縣計劃的實施方案")
    norm = normalize(src)
    assert norm.text == "地区创质量强县计划的实施方案"
    at = norm.text.index("质量强县")
    ev = evidence(src, norm, at, at + 4)
    assert ev.quote == "質量強縣" and src.text[ev.start:ev.end] == ev.quote
    whole = evidence(src, norm, 0, len(norm.text))
    assert whole.quote == src.text  # the quote is the verbatim source, glosses and all


def test_parenthesised_latin_that_is_not_pinyin_stays() -> None:
    assert normalize(_src("开展QC小组(QC)活动,推广ISO(9001)认证")).text == "开展QC小组(QC)活动,推广ISO(9001)认证"


def test_traditional_seed_is_simplified_for_extraction_and_quoted_in_its_own_script() -> None:
    src = read_source(seed("002"))
    norm = normalize(src)
    assert norm.script == "zh-Hant"
    sentence = "省质监局牵头负责产品质量“三强”建设的组织实施"
    at = norm.text.index(sentence)
    ev = evidence(src, norm, at, at + len(sentence))
    assert ev.quote == "省質監(jiān)局牽頭負責產品質量“三強”建設的組織實施"
    assert src.text[ev.start:ev.end] == ev.quote


def test_frame_shifted_gbk_mojibake_in_the_seed_is_repaired() -> None:
    src = read_source(seed("002"))
    norm = normalize(src)
    assert "(一)建设目标。围绕" in norm.text
    assert any("repaired" in w and "。ㄒ唬┙ㄔO" in w for w in norm.warnings)
    at = norm.text.index("(一)建设目标")
    assert evidence(src, norm, at, at + 7).quote.startswith("。ㄒ唬┙ㄔO")  # quotes stay verbatim


def test_unrepairable_mojibake_is_skipped_with_a_warning_not_a_crash() -> None:
    src = read_source(seed("002"))
    norm = normalize(src)
    line = next(ln for ln in norm.text.split("\n") if "质量强企建设标准" in ln)
    assert "ㄈ" not in line and "┊" not in line
    assert any("could not be repaired" in w for w in norm.warnings)


def test_utf8_read_as_gbk_is_repaired_by_a_round_trip() -> None:
    phrase = "创建全国知名品牌"
    garbled = phrase.encode("utf-8").decode("gb18030", errors="strict")
    assert garbled != phrase
    fixed = repair_line(garbled)
    assert fixed is not None and fixed[0] == phrase
    norm = normalize(_src("一、总体要求\n" + garbled + "\n"))
    assert phrase in norm.text and norm.warnings


def test_repair_line_leaves_clean_text_alone() -> None:
    assert repair_line("农产品质量安全监测合格率稳定在97%以上") is None


def test_full_width_forms_fold_but_cjk_brackets_stay() -> None:
    src = _src("到２０２０年，合格率达到９５％以上（鄂州政发〔2017〕6号）、《纲要》")
    norm = normalize(src)
    assert norm.text == "到2020年,合格率达到95%以上(鄂州政发〔2017〕6号)、《纲要》"
    at = norm.text.index("95%")
    assert evidence(src, norm, at, at + 3).quote == "９５％"


def test_letter_spaced_labels_close_up_but_field_gaps_stay() -> None:
    norm = normalize(_src("索  引  号: 011217651/2017-20006 文    "
                          "  号: 鄂州政发〔2017〕6号\n发布机构 : 鄂州市政府 发布日期"))
    assert norm.text.startswith("索引号: 011217651/2017-20006 文号: 鄂州政发〔2017〕6号")
    assert "鄂州市政府 发布日期" in norm.text


def test_offsets_map_every_normalised_span_back_to_the_source() -> None:
    for prefix in ("000", "002", "003"):
        src = read_source(seed(prefix))
        norm = normalize(src)
        assert len(norm.offsets) == len(norm.text) + 1
        assert list(norm.offsets[:-1]) == sorted(norm.offsets[:-1])
        assert all(0 <= o <= len(src.text) for o in norm.offsets)
