"""`make bench` rewrites docs/benchmarks.md from docs/benchmarks.json: a hand-written comparison
with an earlier run lives in the JSON (`history`) and survives the re-run of its benchmark."""

from tests.bench.__main__ import markdown, record
from tests.bench.registry import Benchmark, Figure, Result

HOST = {"cpu": "CPU", "cores": 2, "memory_gib": 1, "python": "3.13", "os": "Linux"}


def _run(data, value):
    item = Benchmark("pages", lambda: None, "Pages", "What is measured.")
    result = Result(figures=[Figure("page p95", value, "ms", "< 300")], notes=["quiet machine"])
    record(data, item, result, command="make bench ONLY=pages", date="2026-12-07", host=HOST)


def test_a_re_run_keeps_the_hand_written_history_and_shows_it_above_the_figures():
    data = {"records": [], "benchmarks": {}}
    _run(data, 120)
    data["benchmarks"]["pages"]["history"] = ["**Re-run after issue 16.** 120 ms before the change."]
    _run(data, 80)
    assert data["benchmarks"]["pages"]["history"] == ["**Re-run after issue 16.** 120 ms before the change."]
    assert [r["value"] for r in data["records"]] == [80]
    text = markdown(data)
    assert "> **Re-run after issue 16.** 120 ms before the change." in text
    assert text.index("> **Re-run after issue 16.**") < text.index("| page p95 | 80 | ms | `< 300` | yes |")
