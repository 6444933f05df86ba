"""Ingest that a public deployment can rely on (issue 11, items 4–7): caps on every file, the same IRIs
every time, stable and collision-free document ids, one bad path never stopping a batch, and documents
added while the server runs."""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from policykg.errors import IngestError
from policykg.ingest.pipeline import ingest_paths
from policykg.ingest.read import Limits, read_source
from policykg.store import OxigraphStore

from support import BIN, DEMO, seed

POLICYKG = str(BIN / "policykg")
PK = "https://w3id.org/policykg/ontology#"


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POLICYKG, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def _documents(store: OxigraphStore) -> dict[str, str]:
    rows = store.query(f"SELECT ?d ?f WHERE {{ ?d a <{PK}PolicyDocument> ; <{PK}sourceFile> ?f }}").rows
    return {str(r["d"]): str(r["f"]) for r in rows}


# --- caps -------------------------------------------------------------------------------------------

def test_a_file_over_the_size_cap_is_refused_unread_and_the_batch_lands(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # 60 MB of plausible text, as in the probe
        line = ("质量强市建设工作方案，到2025年产品质量合格率达到95%以上。" * 20 + "\n").encode()
        for _ in range(60 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    good = tmp_path / "ok" / seed("003").name
    good.parent.mkdir()
    shutil.copy(seed("003"), good)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", f"""
import resource, subprocess, sys
r = subprocess.run([{POLICYKG!r}, "ingest", {str(big)!r}, {str(good)!r}, "--store", {str(tmp_path / "s")!r}],
                   capture_output=True, text=True)
print(r.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(r.stdout)
"""], capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    elapsed = time.perf_counter() - started
    code, peak_kib, out = result.stdout.split("\n", 2)
    assert int(code) == 2, out                     # something failed, and the rest landed
    assert "huge.txt" in out and "over the limit" in out and "POLICYKG_MAX_FILE_MB" in out
    assert int(peak_kib) < 400 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB"
    print(f"\n60 MB file refused; batch took {elapsed:.1f} s, peak RSS {int(peak_kib) // 1024} MiB")
    assert elapsed < 60
    store = OxigraphStore(tmp_path / "s", read_only=True)
    assert list(_documents(store).values()) == [good.name]


def test_text_over_the_character_cap_is_refused_before_extraction(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("质量" * 600, encoding="utf-8")
    with pytest.raises(IngestError, match=r"long\.txt:1000: the text is 1,200 characters, over the limit"):
        read_source(path, Limits(max_chars=1000))


def _docx_bomb(path: Path, expanded: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(expanded >> 20):
                member.write(block)
    path.write_bytes(buffer.getvalue())


def test_a_docx_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _docx_bomb(bomb, 2 << 30)  # 2 GiB of zeros in a few MB
    assert bomb.stat().st_size < 20 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(IngestError, match=r"bomb\.docx: the \.docx would expand to 2048 MiB, over the limit"):
        read_source(bomb)
    assert time.perf_counter() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024


def test_a_docx_that_inflates_past_what_it_declares_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "liar.docx"
    _docx_bomb(bomb, 8 << 20)
    with pytest.raises(IngestError, match="expand"):
        read_source(bomb, Limits(max_unpacked=4 << 20))


# --- identity and determinism ------------------------------------------------------------------------

def test_two_fresh_ingests_give_byte_identical_sorted_nquads(tmp_path: Path) -> None:
    exports = []
    for hash_seed in ("1", "2"):
        store = tmp_path / f"s{hash_seed}"
        assert _run("ingest", str(DEMO), "--store", str(store), env={"PYTHONHASHSEED": hash_seed}).returncode == 0
        out = _run("export", "--store", str(store), "--format", "nquads", "-o", "-")
        exports.append(sorted(out.stdout.splitlines()))
    assert len(exports[0]) > 10_000
    assert exports[0] == exports[1]
    assert not any(" _:" in line for line in exports[0])  # no blank node whose label a store makes up


def test_same_file_name_in_two_folders_gives_two_documents(tmp_path: Path) -> None:
    for year, source in (("2020", seed("000")), ("2021", seed("003"))):
        (tmp_path / year).mkdir()
        shutil.copy(source, tmp_path / year / "index.txt")
    store = OxigraphStore()
    reports = ingest_paths(store, [tmp_path])
    assert all(r.ok for r in reports) and len({r.graph for r in reports}) == 2
    assert sorted(_documents(store).values()) == ["index.txt", "index.txt"]


def test_reingest_is_idempotent_and_an_edited_file_replaces_its_graph(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "plan.txt"
    plan.parent.mkdir()
    shutil.copy(seed("000"), plan)
    store = OxigraphStore()
    first = ingest_paths(store, [plan])[0]
    dump = store.dump("nquads")
    again = ingest_paths(store, [plan])[0]
    assert again.graph == first.graph and store.dump("nquads") == dump
    shutil.copy(seed("003"), plan)  # the same file, edited
    edited = ingest_paths(store, [plan])[0]
    assert edited.graph == first.graph and edited.triples != first.triples
    assert list(_documents(store).values()) == ["plan.txt"]


def test_a_path_that_cannot_be_read_does_not_stop_the_batch(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"\xff\xfeplan.txt")  # a name whose bytes are not UTF-8
    shutil.copy(seed("002"), odd)
    store = tmp_path / "s"
    result = _run("ingest", str(tmp_path / "missing.txt"), str(odd), str(seed("000")), "--store", str(store),
                  env={"COLUMNS": "200"})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "missing.txt: no such file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    files = sorted(_documents(OxigraphStore(store, read_only=True)).values())
    assert files == sorted([seed("000").name, "\ufffd\ufffdplan.txt"])


# --- ingest beside the server -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(json.load(response))


def _ask(base: str, file_name: str) -> bool:
    query = f'ASK {{ ?d <{PK}sourceFile> "{file_name}" }}'
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as response:
        return bool(json.load(response)["boolean"])


def test_documents_ingested_while_serving_are_answered_without_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _run("ingest", str(seed("000")), "--store", str(store)).returncode == 0
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([POLICYKG, "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(150):
            try:
                _get_json(f"{base}/health")
                break
            except OSError:
                time.sleep(0.2)
        assert not _ask(base, seed("003").name)
        graphs_before = _run("query", "--store", str(store), "--format", "csv",
                             "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").stdout
        broken = tmp_path / "broken.txt"
        broken.write_bytes(b"\x81\x30" * 50 + b"\xff" * 100)
        failed = _run("ingest", str(broken), "--store", str(store))
        assert failed.returncode == 1 and "malformed bytes" in failed.stdout
        assert _run("query", "--store", str(store), "--format", "csv",
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").stdout == graphs_before

        added = _run("ingest", str(seed("003")), "--store", str(store))
        assert added.returncode == 0, added.stdout + added.stderr  # no RocksDB lock error
        done = time.perf_counter()
        while not _ask(base, seed("003").name):
            assert time.perf_counter() - done < 10, "the new document was not answered within 10 s"
            time.sleep(0.1)
        print(f"\nanswered {time.perf_counter() - done:.2f} s after the ingest command returned")
        listed = _get_json(f"{base}/documents")
        assert seed("003").name in json.dumps(listed, ensure_ascii=False)
    finally:
        server.terminate()
        server.wait(10)
