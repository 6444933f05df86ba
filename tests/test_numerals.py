"""Chinese numerals in targets are read as figures; evidence still quotes the source (issue 10)."""

from __future__ import annotations

import pytest

from policykg.ingest.layout.numerals import rewrite, value


@pytest.mark.parametrize(("text", "expected"), [
    ("合格率达到百分之九十三点五以上", "合格率达到93.5%以上"),
    ("稳定在九十八%以上", "稳定在98%以上"),
    ("保持百分之百。", "保持100%。"),
    ("新增三家。", "新增3家。"),
    ("专项资金一千万元", "专项资金1000万元"),
    ("商标总量达到十五万件", "商标总量达到15万件"),
    ("新增省级农业标准化示范区两个,", "新增省级农业标准化示范区2个,"),
    ("用两年时间", "用两年时间"),                     # a duration, not a target
    ("落实“两个责任”", "落实“两个责任”"),
    ("三、主要任务", "三、主要任务"),
    ("建设一流企业", "建设一流企业"),
])
def test_rewrite(text: str, expected: str) -> None:
    out, offsets = rewrite(text, tuple(range(len(text) + 1)))
    assert out == expected
    assert len(offsets) == len(out) + 1
    assert offsets[-1] == len(text)


def test_offsets_cover_the_numeral() -> None:
    text = "达到百分之九十五。"
    out, offsets = rewrite(text, tuple(range(len(text) + 1)))
    a = out.index("95%")
    assert (offsets[a], offsets[a + 2] + 1) == (2, 8)        # "百分之九十五" in the source


def test_value() -> None:
    assert (value("九十三点五"), value("一千"), value("两"), value("百")) == ("93.5", "1000", "2", "100")


def test_a_bare_thousand_is_a_scope() -> None:
    text = "千吨以上重点用能单位能源计量器具配备达标率95%以上"
    assert rewrite(text, tuple(range(len(text) + 1)))[0] == text
