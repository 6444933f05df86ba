"""Reading files: encodings are detected, recorded and never guessed silently; bad bytes name file and position."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from policykg.errors import IngestError
from policykg.ingest.pipeline import extract_file, ingest_paths
from policykg.ingest.read import decode, detect_format, read_source
from policykg.scoring.facts import facts
from policykg.store import OxigraphStore

from support import seed


def _traditional(text: str) -> str:
    """Taiwan-standard traditional characters (為, not 爲), which Big5 can encode."""
    converted: str = opencc.OpenCC("s2tw").convert(text.replace("\xa0", " "))
    return converted


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_gb18030_copy_yields_the_same_facts(tmp_path: Path, prefix: str) -> None:
    original = seed(prefix)
    copy = tmp_path / original.name
    copy.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    ex = extract_file(copy)
    assert ex.source.encoding == "gb18030"
    assert any("gb18030" in w for w in ex.source.warnings)  # the detection is reported, not silent
    assert facts(ex) == facts(extract_file(original))


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_big5_traditional_copy_yields_the_same_facts(tmp_path: Path, prefix: str) -> None:
    original = seed(prefix)
    copy = tmp_path / original.name
    copy.write_bytes(_traditional(original.read_text(encoding="utf-8")).encode("cp950"))
    ex = extract_file(copy)
    assert (ex.source.encoding, ex.normalized.script) == ("big5", "zh-Hant")
    ours, theirs = facts(ex), facts(extract_file(original))
    assert ours["meta"] == theirs["meta"]
    assert ours["mentions"] == theirs["mentions"]
    assert len(ours["goals"]) == len(theirs["goals"]) and ours["tasks"] == theirs["tasks"]


def test_encoding_format_and_script_are_recorded_on_the_document_node(tmp_path: Path) -> None:
    copy = tmp_path / "big5_copy.txt"
    copy.write_bytes(_traditional(seed("001").read_text(encoding="utf-8")).encode("cp950"))
    store = OxigraphStore()
    reports = ingest_paths(store, [copy])
    assert reports[0].ok, reports[0].error
    rows = store.query("""PREFIX pk: <https://w3id.org/policykg/ontology#>
        SELECT ?f ?e ?s WHERE { ?d pk:sourceFile "big5_copy.txt" ; pk:sourceFormat ?f ;
                                   pk:sourceEncoding ?e ; pk:sourceScript ?s }""")
    assert [(str(r["f"]), str(r["e"]), str(r["s"])) for r in rows.rows] == [("txt", "big5", "zh-Hant")]


def test_utf8_with_a_bom_is_read_and_the_bom_recorded() -> None:
    decoded = decode("\ufeff质量强市".encode(), "bom.txt")
    assert (decoded.text, decoded.encoding) == ("质量强市", "utf-8-sig")


def test_malformed_bytes_name_the_file_and_the_byte_position(tmp_path: Path) -> None:
    data = seed("003").read_bytes()
    at = data.index("鄂州市创建全国质量强市示范城市工作方案".encode()) + 3
    broken = tmp_path / "broken.txt"
    broken.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    with pytest.raises(IngestError) as info:
        read_source(broken)
    assert info.value.file == "broken.txt" and info.value.position == at
    assert f"broken.txt:{at}" in info.value.message


def test_a_bad_file_is_reported_and_the_others_still_ingest(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x80\x81\xfd" * 50)
    (tmp_path / "good.txt").write_bytes(seed("002").read_bytes())
    reports = ingest_paths(OxigraphStore(), [tmp_path])
    by_name = {Path(r.path).name: r for r in reports}
    assert not by_name["bad.txt"].ok and "bad.txt" in (by_name["bad.txt"].error or "")
    assert by_name["good.txt"].ok and by_name["good.txt"].triples > 0


def test_format_is_sniffed_from_the_content_when_the_suffix_disagrees(tmp_path: Path) -> None:
    fake = tmp_path / "page.txt"
    data = "<!DOCTYPE html><html><body><p>许昌市开展质量提升行动实施方案</p></body></html>".encode()
    fake.write_bytes(data)
    fmt, notes = detect_format(fake, data)
    assert fmt == "html" and notes and "page.txt" in notes[0]
    assert read_source(fake).text.strip() == "许昌市开展质量提升行动实施方案"


def test_unsupported_and_empty_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "x.xls").write_bytes(b"\x01\x02")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    with pytest.raises(IngestError, match="unsupported file type"):
        read_source(tmp_path / "x.xls")
    with pytest.raises(IngestError, match="empty"):
        read_source(tmp_path / "empty.txt")


def test_charset_normalizer_proposes_and_the_common_character_share_decides() -> None:
    from policykg.ingest.read import decode, proposals

    traditional = "質量強市建設工作方案，到二零二五年，產品質量監督抽查合格率達到百分之九十五以上，培育品牌企業。" * 20
    simplified = "质量强市建设工作方案，到二〇二五年，产品质量监督抽查合格率达到百分之九十五以上，培育品牌企业。" * 20
    assert proposals(traditional.encode("big5"))[0] == "cp950"
    assert proposals(simplified.encode("gbk"))[0] == "gb18030"
    assert decode(traditional.encode("big5"), "t.txt").text == traditional
    assert decode(simplified.encode("gbk"), "s.txt").text == simplified
