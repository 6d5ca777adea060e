"""`vnextract extract` end to end: bad inputs, exit codes, kill -9 and resume, tables, show."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from test_encodings import TCVN3_0, TEXTS, VNI_0, cp1258_bytes

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "import sys; from vnextract.cli import main; sys.exit(main())"]


def cli(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, cwd=ROOT, env=env,
                          timeout=timeout)


def read_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n")
    return [orjson.loads(line) for line in data.splitlines()]


def nested_tables(depth: int) -> str:
    inner = f"<p>{TEXTS[0]}</p>"
    for _ in range(depth):
        inner = f"<table><tr><td>{inner}</td></tr></table>"
    return (f"<html><head><title>Bảng</title><script>document.write('{'x' * 500}');</script></head>"
            f"<body><script>var n = 123456;</script>{inner}<script>alert(1)</script></body></html>")


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (d / "truncated.txt").write_bytes(TEXTS[0].encode("utf-8") + "ệ".encode("utf-8")[:2])
    (d / "huge.txt").write_bytes((TEXTS[1] + "\n").encode("utf-8") * (20_000_000 // 100))
    (d / "nested.html").write_text(nested_tables(300), encoding="utf-8")
    (d / "tcvn3.txt").write_bytes(TCVN3_0.encode("cp1252"))
    (d / "vni.txt").write_bytes(VNI_0.encode("cp1252"))
    (d / "cp1258.txt").write_bytes(cp1258_bytes(TEXTS[0]))
    (d / "utf16.txt").write_bytes(TEXTS[0].encode("utf-16"))
    (d / "records.jsonl").write_bytes(
        orjson.dumps({"doc_id": "ok", "text": TEXTS[2], "published": "2023-12-30"}) + b"\n"
        + b'{"doc_id": "broken", "text": "ch\n'
        + orjson.dumps({"doc_id": "notext", "title": "no text here"}) + b"\n")
    return d


def test_bad_inputs_one_line_each(bad_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    res = cli("extract", str(bad_folder), "-o", str(out), "--jobs", "2")
    assert res.returncode == 1, res.stderr.decode()
    lines = read_lines(out)
    names = ["binary.txt", "cp1258.txt", "empty.txt", "huge.txt", "nested.html"]
    expected = [str(bad_folder / n) for n in names]
    expected += [f"{bad_folder / 'records.jsonl'}:{i}" for i in (1, 2, 3)]
    expected += [str(bad_folder / n) for n in ("tcvn3.txt", "truncated.txt", "utf16.txt", "vni.txt")]
    assert [d["source"] for d in lines] == expected
    by = {Path(d["source"].split(":")[0]).name + d["source"][len(d["source"].split(":")[0]):]: d for d in lines}
    errors = {k: d["error"]["type"] for k, d in by.items() if "error" in d}
    assert errors == {"binary.txt": "BinaryInputError", "huge.txt": "DocumentTooLarge",
                      "records.jsonl:2": "JSONDecodeError", "records.jsonl:3": "MissingText"}
    assert by["empty.txt"]["records"] == [] and by["empty.txt"]["text"] == ""
    for name, enc in (("tcvn3.txt", "tcvn3"), ("vni.txt", "vni"), ("cp1258.txt", "cp1258"),
                      ("utf16.txt", "utf-16"), ("truncated.txt", "utf-8")):
        doc = by[name]
        assert doc["encoding"] == enc and doc["text"] == TEXTS[0], name
        assert "3.721" in [r["text"] for r in doc["records"]], name
    assert "truncated" in by["truncated.txt"]["warnings"][0]
    nested = by["nested.html"]
    assert "123456" not in nested["text"] and "3.721" in [r["text"] for r in nested["records"]]
    assert by["records.jsonl:1"]["published"] == "2023-12-30" and by["records.jsonl:1"]["records"]
    summary = res.stderr.decode().strip().splitlines()[-1]
    assert "12 documents" in summary and "4 errors" in summary


def test_stdin_to_stdout_exit_0() -> None:
    res = cli("extract", "-", "--jobs", "1", stdin=TEXTS[0].encode())
    assert res.returncode == 0, res.stderr.decode()
    (doc,) = [orjson.loads(x) for x in res.stdout.splitlines()]
    assert doc["doc_id"] == "stdin" and doc["source"] == "-" and doc["records"]
    # stderr is not a terminal: no progress bar, only the summary
    (summary,) = res.stderr.decode().splitlines()
    assert summary.startswith("vnextract: 1 documents, ") and "0 errors" in summary


@pytest.mark.parametrize("args", [["-", "--resume"], ["-", "--format", "parquet"], ["x.txt", "--jobs", "-1"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert cli("extract", *args, stdin=b"").returncode == 2


def test_kill_9_then_resume_gives_every_input_once(tmp_path: Path) -> None:
    n = 6000
    src = tmp_path / "docs.jsonl.gz"
    with gzip.open(src, "wb") as fh:
        for i in range(n):
            fh.write(orjson.dumps({"doc_id": f"doc{i}", "text": f"Xã số {i} có {i + 3} hộ nghèo."}) + b"\n")
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([*CLI, "extract", str(src), "-o", str(out), "--jobs", "2", "--chunk-size", "4"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0 and out.read_bytes().count(b"\n") >= 200:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = out.read_bytes().count(b"\n")
    assert 200 <= written < n
    with open(out, "ab") as fh:  # a torn last line, as a kill in the middle of a write leaves
        fh.write(b'{"doc_id": "doc999999", "sou')
    res = cli("extract", str(src), "-o", str(out), "--jobs", "2", "--resume")
    assert res.returncode == 0, res.stderr.decode()
    lines = read_lines(out)
    assert [d["doc_id"] for d in lines] == [f"doc{i}" for i in range(n)]
    assert all("error" not in d and d["source"].endswith(f":{i + 1}") for i, d in enumerate(lines))
    assert f"{written}" in res.stderr.decode() or "already done" in res.stderr.decode()


def test_parquet_and_csv_tables(tmp_path: Path) -> None:
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from vnextract.cli import main

    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(orjson.dumps(d) for d in [
        {"doc_id": "a", "text": TEXTS[0], "published": "2023-05-31", "title": "A", "url": "http://a"},
        {"doc_id": "b", "text": "Không có số liệu."},
        {"doc_id": "c"},
    ]) + b"\n")
    assert main(["extract", str(src), "-o", str(tmp_path / "o.jsonl"), "--jobs", "0", "-q"]) == 1
    docs = read_lines(tmp_path / "o.jsonl")
    n_rec = len(docs[0]["records"]) + len(docs[1]["records"])
    for fmt in ("parquet", "csv"):
        out = tmp_path / f"t.{fmt}"
        assert main(["extract", str(src), "-o", str(out), "--jobs", "0", "-q"]) == 1
        table = pq.read_table(out) if fmt == "parquet" else pcsv.read_csv(out)
        cols = table.column_names
        assert cols[:5] == ["doc_id", "published", "published_date", "title", "url"]
        assert {"value", "unit", "indicator", "role", "period", "location", "error_type", "source",
                "has_records", "period_start", "period_end"} <= set(cols) and "input" not in cols
        rows = table.to_pylist()
        a_rows = [r for r in rows if r["doc_id"] == "a"]
        assert len(a_rows) == len(docs[0]["records"]) and a_rows[0]["url"] == "http://a"
        assert len(rows) == n_rec + (0 if docs[1]["records"] else 1) + 1
        assert [r["error_type"] for r in rows if r["doc_id"] == "c"] == ["MissingText"]
        assert [r["has_records"] for r in rows if r["doc_id"] in ("b", "c")] == [False] * (len(rows) - len(a_rows))
        assert all(r["source"].startswith(str(src)) for r in rows)


def test_show_jsonl_and_txt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vnextract.cli import main

    txt = tmp_path / "bao-cao.txt"
    txt.write_text(TEXTS[0], encoding="utf-8")
    assert main(["show", str(txt), "--width", "200"]) == 0
    shown = capsys.readouterr().out
    assert "⟦3.721⟧" in shown and "value" in shown.splitlines()[1] and "bao-cao" in shown
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(txt), "-o", str(out), "--jobs", "0", "-q"]) == 0
    assert main(["show", str(out), "--width", "200"]) == 0
    assert capsys.readouterr().out == shown


def test_output_inside_input_folder_is_not_read_back(tmp_path: Path) -> None:
    from vnextract.cli import main

    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--jobs", "0", "-q"]) == 0
    assert main(["extract", str(tmp_path), "-o", str(out), "--jobs", "0", "-q", "--resume"]) == 0
    assert [d["doc_id"] for d in read_lines(out)] == ["a"]


def _round_trip(path: Path) -> int:
    """Every line of a CLI output read back by vnextract.read_jsonl, and written again the same."""
    import vnextract

    lines = read_lines(path)
    docs = vnextract.read_jsonl(path)
    assert len(docs) == len(lines)
    for doc, line in zip(docs, lines):
        assert doc.model_dump(mode="json", exclude_unset=True) == line
        assert all(doc.text[r.start:r.end] == r.text for r in doc.records)
    return len(docs)


def test_read_jsonl_round_trips_the_bad_input_folder(bad_folder: Path, tmp_path: Path) -> None:
    """Issue 13.4/13.5: error lines, encodings, warnings: every line reads back."""
    out = tmp_path / "out.jsonl"
    cli("extract", str(bad_folder), "-o", str(out), "--jobs", "1")
    assert _round_trip(out) == 12


def test_jsonl_on_stdin_and_show_dash(tmp_path: Path) -> None:
    """Issue 13.3: JSONL on stdin is documents, not one text; `show -` reads a pipe."""
    data = b"".join(orjson.dumps({"id": f"n{i}", "text": TEXTS[i], "date": "Fri, 19 Jul 2024 10:00:00 +0700"}) + b"\n"
                    for i in range(2))
    res = cli("extract", "-", "--jobs", "0", "-q", stdin=data)
    lines = [orjson.loads(x) for x in res.stdout.splitlines()]
    assert [(d["doc_id"], d["source"], d["published"]) for d in lines] == [
        ("n0", "-:1", "2024-07-19"), ("n1", "-:2", "2024-07-19")]
    forced = cli("extract", "-", "--jobs", "0", "-q", "--stdin-format", "text", stdin=data)
    assert [orjson.loads(x)["doc_id"] for x in forced.stdout.splitlines()] == ["stdin"]
    shown = cli("show", "-", "--width", "80", stdin=res.stdout)
    text = shown.stdout.decode()
    assert shown.returncode == 0 and "== n0" in text and "⟦3.721⟧"[:2] in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("target", ["out.xlsx", "DIR", "/proc/vnextract-test.jsonl", "/dev/full"])
def test_output_problems_are_one_message_and_exit_2(tmp_path: Path, target: str) -> None:
    """Issue 12.9 / 13.8: an output that cannot be written (or whose format is unknown)."""
    if target == "DIR":
        target = str(tmp_path)
    elif not target.startswith("/"):
        target = str(tmp_path / target)
    src = tmp_path / "a.txt"
    src.write_text(TEXTS[0], encoding="utf-8")
    res = cli("extract", str(src), "-o", target, "--jobs", "0")
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err and err.strip(), err
    assert not (tmp_path / "out.xlsx").exists()


# Issue 12.9 for annotate: (the output, the annotate arguments); "FILE" is a file in tmp_path
# (not a folder), "SUB" a folder under that file
_ANNOTATE_OUTPUTS = [(target, mode) for target in ["FILE", "SUB", "/proc/vnextract-test", "/dev/full"]
                     for mode in (["{src}"], ["{src}", "--format", "labelstudio"], ["--to-gold", "{ann}"])]


@pytest.mark.parametrize(("target", "mode"), _ANNOTATE_OUTPUTS)
def test_annotate_output_problems_are_one_message_and_exit_2(tmp_path: Path, target: str, mode: list[str]) -> None:
    (tmp_path / "FILE").write_text("x", encoding="utf-8")
    target = {"FILE": str(tmp_path / "FILE"), "SUB": str(tmp_path / "FILE" / "sub")}.get(target, target)
    src = tmp_path / "a.txt"
    src.write_text(TEXTS[0], encoding="utf-8")
    ann = tmp_path / "ann"
    ann.mkdir()
    (ann / "a.ann.yml").write_text(f"doc_id: a\nfile: {src}\nrecords: []\nexclusions: []\n", encoding="utf-8")
    res = cli("annotate", *[m.format(src=src, ann=ann) for m in mode], "-o", target)
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err, err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"annotate: cannot write {target}"), line


def test_annotate_to_a_full_standard_output_is_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXTS[0], encoding="utf-8")
    with open("/dev/full", "wb") as full:
        res = subprocess.run([*CLI, "annotate", str(src), "-o", str(tmp_path / "out")], stdout=full,
                             stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err and "standard output" in err, err


@pytest.mark.parametrize("args", [["-o", "-"], ["-o", "-", "--jobs", "0"], ["-o", "-", "--format", "jsonl"]])
def test_output_dash_is_standard_output(tmp_path: Path, args: list[str]) -> None:
    """Issue 12: `-o -` wrote a file named '-'; it is standard output, JSONL."""
    src = tmp_path / "a.txt"
    src.write_text(TEXTS[0], encoding="utf-8")
    res = subprocess.run([*CLI, "extract", str(src), *args], capture_output=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert res.returncode == 0, res.stderr.decode()
    (doc,) = [orjson.loads(x) for x in res.stdout.splitlines()]
    assert doc["doc_id"] == "a" and doc["records"]
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [["--format", "csv"], ["--format", "parquet"], ["--resume"]])
def test_output_dash_refuses_what_standard_output_cannot_be(tmp_path: Path, args: list[str]) -> None:
    res = cli("extract", "-", "-o", "-", *args, stdin=b"")
    assert res.returncode == 2 and "-o -" in res.stderr.decode() and not (ROOT / "-").exists()


def test_extract_help_says_what_dash_o_dash_is() -> None:
    out = cli("extract", "--help").stdout.decode()
    assert "- or none: standard output (JSONL)" in " ".join(out.split())


def test_symlinks_in_a_folder_and_loops_among_inputs_are_lines(tmp_path: Path) -> None:
    """Issue 12.8 end to end: every skipped symlink of a folder has its line, and a loop
    among the inputs does not end the run before anything is written."""
    from test_batch_inputs import SYMLINKS, _symlinked_folder

    d = _symlinked_folder(tmp_path)
    out = tmp_path / "out.jsonl"
    res = cli("extract", str(d / "loop1"), str(d), str(d / "self.txt"), "-o", str(out), "--jobs", "0")
    err = res.stderr.decode()
    assert res.returncode == 1 and "Traceback" not in err and "RuntimeError" not in err, err
    lines = read_lines(out)
    by_name = [(Path(x["source"]).name, x.get("error", {}).get("type")) for x in lines]
    assert by_name[0] == ("loop1", "BrokenSymlink") and by_name[-1] == ("self.txt", "BrokenSymlink")
    inside = dict(by_name[1:-1])
    assert inside == {**{n: t for n, _, t, _ in SYMLINKS}, "ok.txt": None, "c.txt": None}
    assert f"{len(lines)} documents" in err


def _gold_file(path: Path, bom: bytes = b"") -> Path:
    docs = [{"doc_id": f"d{i}", "text": f"Có {i} người.", "records": [
        {"id": "q1", "start": 3, "end": 4, "text": str(i), "value": i, "unit": "người"}]} for i in (1, 2)]
    path.write_bytes(bom + b"".join(orjson.dumps(d) + b"\n" for d in docs))
    return path


@pytest.mark.parametrize("command", [["show", "{gold}"], ["eval", "{gold}", "{gold}"], ["eval", "--extract", "{gold}"]])
def test_a_full_standard_output_is_one_message_and_exit_2(tmp_path: Path, command: list[str]) -> None:
    """Issue 12.9: show and eval writing into /dev/full ended in a traceback with exit 1."""
    gold = _gold_file(tmp_path / "gold.jsonl")
    with open("/dev/full", "wb") as full:
        res = subprocess.run([*CLI, *(a.format(gold=gold) for a in command)], stdout=full, stderr=subprocess.PIPE,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    err = res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in err and "Exception ignored" not in err, err
    assert err.strip() == f"vnextract {command[0]}: cannot write standard output: No space left on device"


def test_show_and_eval_read_a_jsonl_file_that_starts_with_a_bom(tmp_path: Path) -> None:
    """Issue 12.9: the BOM made the first line no JSON: show ended in a traceback, eval exited 2."""
    gold = _gold_file(tmp_path / "bom.jsonl", bom=b"\xef\xbb\xbf")
    shown = cli("show", str(gold))
    assert shown.returncode == 0 and b"== d1" in shown.stdout and b"== d2" in shown.stdout, shown.stderr
    scored = cli("eval", str(gold), str(gold), "--json")
    assert scored.returncode == 0, scored.stderr
    assert orjson.loads(scored.stdout)["record"]["tp"] == 2


def test_show_of_a_jsonl_line_that_is_no_json_shows_an_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"doc_id": "a",\n' + orjson.dumps({"doc_id": "b", "text": "Có 5 người."}) + b"\n")
    res = cli("show", str(bad))
    out = res.stdout.decode()
    assert res.returncode == 1 and "Traceback" not in res.stderr.decode(), res.stderr
    assert "ERROR JSONDecodeError" in out and "5" in out


def test_version_and_python_dash_m() -> None:
    res = subprocess.run([sys.executable, "-m", "vnextract", "--version"], capture_output=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert res.returncode == 0 and res.stdout.decode().startswith("vnextract ")


def test_resume_with_another_spelling_of_the_path_adds_nothing(tmp_path: Path) -> None:
    """Issue 12.6: a run given a relative path, resumed with the absolute path."""
    data = tmp_path / "d.jsonl"
    data.write_bytes(b"".join(orjson.dumps({"id": f"x{i}", "text": TEXTS[i % len(TEXTS)]}) + b"\n"
                              for i in range(4)))
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([*CLI, "extract", "d.jsonl", "-o", str(out), "--jobs", "0"], cwd=tmp_path, env=env,
                   capture_output=True, timeout=300, check=True)
    res = cli("extract", str(data), "-o", str(out), "--jobs", "0", "--resume")
    assert res.returncode == 0 and len(read_lines(out)) == 4
    assert "4 already done" in res.stderr.decode()


_SPELLINGS = ["in", "./in/", "in/../in", "{tmp}/in", "{tmp}//in/", "link", "{tmp}/link/", "in/d.jsonl in/sub",
              "flink.jsonl in/sub", "{tmp}/in/sub/../d.jsonl {tmp}/link/sub"]


@pytest.mark.parametrize("again", _SPELLINGS)
def test_resume_with_any_spelling_of_the_inputs_adds_nothing(tmp_path: Path, again: str, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12.6: a run over ``in`` resumed with another spelling of the same inputs (relative,
    absolute, through a symlinked folder or file, the folder's files named one by one) skips
    everything; a folder named through a symlink was an error line ('symlinked folder (not
    followed)') and exit 1."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "d.jsonl").write_bytes(b"".join(
        orjson.dumps({"id": f"x{i}", "text": TEXTS[i % len(TEXTS)]}) + b"\n" for i in range(3)))
    for i in range(2):
        (tmp_path / "in" / "sub" / f"t{i}.txt").write_text(TEXTS[i], encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "in")
    (tmp_path / "flink.jsonl").symlink_to(tmp_path / "in" / "d.jsonl")
    monkeypatch.chdir(tmp_path)
    from vnextract.cli import main

    def run(spelling: str, *extra: str) -> int:
        return main(["extract", *spelling.format(tmp=tmp_path).split(), "-o", "out.jsonl", "--jobs", "0", *extra])

    assert run("in") == 0 and len(read_lines(tmp_path / "out.jsonl")) == 5
    capsys.readouterr()
    assert run(again, "--resume") == 0 and len(read_lines(tmp_path / "out.jsonl")) == 5
    assert "5 already done" in capsys.readouterr().err


def test_read_jsonl_round_trips_bench_documents(shared: Path, tmp_path: Path) -> None:
    """Issue 13.4: the CLI's output on real news (the first 200 bench articles) reads back."""
    import gzip

    src = tmp_path / "bench.jsonl.gz"
    with gzip.open(shared / "bench" / "news-20k.jsonl.gz", "rb") as f, gzip.open(src, "wb") as g:
        for _, line in zip(range(200), f):
            g.write(line)
    out = tmp_path / "out.jsonl"
    cli("extract", str(src), "-o", str(out), "--jobs", "1", "-q")
    assert _round_trip(out) == 200


@pytest.mark.parametrize("jobs", ["0", "1"])
def test_max_figures_makes_a_too_dense_document_an_error_line(tmp_path: Path, jobs: str) -> None:
    """``--max-figures`` reaches the extractor in this process and in worker processes; the
    documents under it are extracted as usual."""
    from vnextract.cli import main

    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(orjson.dumps(d) for d in [
        {"doc_id": "dense", "text": "Tỉnh có " + ", ".join(f"{i} hộ" for i in range(1, 9)) + "."},
        {"doc_id": "sparse", "text": "Tỉnh có 5 hộ."},
    ]) + b"\n")
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--jobs", jobs, "-q", "--max-figures", "3"]) == 1
    docs = {d["doc_id"]: d for d in read_lines(out)}
    assert docs["dense"]["error"]["type"] == "DocumentTooDense" and len(docs["sparse"]["records"]) == 1
    assert main(["extract", str(src), "-o", str(out), "--jobs", jobs, "-q", "--max-figures", "0"]) == 0
    assert len({d["doc_id"]: d for d in read_lines(out)}["dense"]["records"]) == 8
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(src), "-o", str(out), "-q", "--max-figures", "-1"])
    assert exc.value.code == 2
