"""Tests of the ``opsmodels bottleneck``, ``eventlog`` and ``staffing`` commands and of the
process and staffing sections of the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from opsmodels import datasets, process, queueing
from opsmodels.cli import build_parser, main
from opsmodels.cli._process import demo_sections
from tests.test_cli import _strict_json, assert_one_line_error

#: Capacity of the shop: weld is visited 1/(1 - 0.98 * 0.15) times per part at 6 min a visit.
SHOP_CAPACITY = (1.0 - 0.98 * 0.15) / 6.0


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli_process")
    steps = datasets.shop_steps()
    out = {
        "steps": root / "steps.csv",
        "steps_parquet": root / "steps.parquet",
        "stations": root / "stations.csv",
        "edges": root / "edges.csv",
        "log": root / "log.csv",
        "log_parquet": root / "log.parquet",
        "branch": root / "branch.csv",
        "bad_times": root / "bad_times.csv",
    }
    steps.to_csv(out["steps"], index=False)
    steps.to_parquet(out["steps_parquet"])
    stations = steps.drop_duplicates("step")[["step", "process_time", "servers", "yield"]]
    stations.assign(availability=steps.drop_duplicates("step")["availability"]).to_csv(
        out["stations"], index=False
    )
    edges = steps.dropna(subset=["next_step"])[["step", "next_step", "probability"]]
    edges.rename(columns={"step": "from", "next_step": "to"}).to_csv(out["edges"], index=False)
    log = datasets.shop_event_log(jobs=40)
    log.to_csv(out["log"], index=False)
    log.to_parquet(out["log_parquet"])
    datasets.branch_arrivals().to_csv(out["branch"], index=False)
    steps.assign(process_time=["4", "11", "six", "2.5", "2.5", "6.8", "3"]).to_csv(
        out["bad_times"], index=False
    )
    return out


def run(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_are_registered() -> None:
    _, handlers = build_parser()
    assert {"bottleneck", "eventlog", "staffing"} <= set(handlers)


# --- bottleneck ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["steps", "steps_parquet"])
def test_bottleneck_text(
    files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        [
            "bottleneck",
            files[kind],
            "--arrivals",
            "0.12",
            "--elevate",
            "weld",
            "--time-unit",
            "min",
        ],
        capsys,
    )
    assert (code, err) == (0, "")
    assert "Release rate: 0.12 per min" in out
    lines = out.splitlines()
    weld = next(line for line in lines if line.strip().startswith("weld"))
    assert weld.endswith("84.4%  <- bottleneck")
    paint = next(line for line in lines if line.strip().startswith("paint"))
    assert paint.endswith("near-bottleneck")
    assert f"Capacity: {SHOP_CAPACITY:.4g} units released per min" in out
    assert "elevate weld: capacity 0.1422 -> 0.1506 (+5.9%); the bottleneck moves to paint" in out


def test_bottleneck_json_and_what_if(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["bottleneck", files["steps"], "--arrivals", "0.12", "--elevate", "paint", "--json"],
        capsys,
    )
    assert code == 0
    payload = _strict_json(out)
    assert payload["bottleneck"] == "weld"
    assert payload["near_bottlenecks"] == ["weld", "paint"]
    assert payload["capacity"] == pytest.approx(SHOP_CAPACITY)
    stations = {row["station"]: row for row in payload["stations"]}
    assert stations["weld"]["visits"] == pytest.approx(1.0 / (1.0 - 0.98 * 0.15))
    assert stations["mill"]["effective_process_time"] == pytest.approx(11.0 / 0.95)
    assert stations["weld"]["utilization"] == pytest.approx(0.12 / SHOP_CAPACITY)
    # a second painter does not help: weld stays the constraint
    assert payload["elevation"]["gain"] == 0.0
    assert payload["elevation"]["moved"] is False
    code, out, _ = run(
        ["bottleneck", files["steps"], "--elevate", "weld", "--process-time", "4", "--json"],
        capsys,
    )
    elevation = _strict_json(out)["elevation"]
    assert elevation["bottleneck_after"] == "paint"
    assert "utilization" not in _strict_json(out)["stations"][0]  # no release rate given


def test_bottleneck_edges_file_and_plot(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "graph.png"
    code, out, err = run(
        [
            "bottleneck",
            files["stations"],
            "--edges",
            files["edges"],
            "--edge-step",
            "from",
            "--edge-next-step",
            "to",
            "--plot",
            png,
        ],
        capsys,
    )
    assert (code, err) == (0, "")
    assert "No release rate given" in out
    assert f"Capacity: {SHOP_CAPACITY:.4g} units released per time unit" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bottleneck_without_probabilities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = tmp_path / "line.csv"
    pd.DataFrame(
        {"station": ["a", "b", "c"], "then": ["b", "c", None], "minutes": [2.0, 3.0, 1.0]}
    ).to_csv(line, index=False)
    code, out, _ = run(
        ["bottleneck", line, "--step", "station", "--next-step", "then", "--time-column",
         "minutes", "--json"],
        capsys,
    )  # fmt: skip
    assert code == 0
    payload = _strict_json(out)
    assert payload["bottleneck"] == "b"
    assert payload["capacity"] == pytest.approx(1 / 3)


def test_bottleneck_several_entry_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two entry stations a (0.2 per time unit) and b (0.1) feed c: c carries 0.3 x 1.5."""
    two = tmp_path / "two.csv"
    pd.DataFrame(
        {
            "step": ["a", "b", "c"],
            "next_step": ["c", "c", None],
            "process_time": [1.0, 2.0, 1.5],
            "arrivals": [0.2, 0.1, None],
        }
    ).to_csv(two, index=False)
    code, out, _ = run(["bottleneck", two, "--arrivals-column", "arrivals", "--json"], capsys)
    assert code == 0
    payload = _strict_json(out)
    stations = {row["station"]: row for row in payload["stations"]}
    assert payload["bottleneck"] == "c"
    assert stations["c"]["utilization"] == pytest.approx(0.45)
    assert stations["b"]["utilization"] == pytest.approx(0.2)
    assert stations["a"]["visits"] == pytest.approx(2 / 3)
    code, out, _ = run(["bottleneck", two, "--arrivals-column", "arrivals"], capsys)
    assert "Release rate: 0.3 per time unit (into 2 stations)" in out
    assert_one_line_error(
        *run(["bottleneck", two], capsys), "2 entry stations (a, b)", "--arrivals-column"
    )
    assert_one_line_error(
        *run(["bottleneck", two, "--arrivals-column", "arrivals", "--arrivals", "1"], capsys),
        "not allowed",
    )


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["bottleneck", "missing.csv"], ["missing.csv", "no such file"]),
        (["bottleneck", "{steps}", "--step", "station"], ["column 'station' not found"]),
        (["bottleneck", "{steps}", "--probability", "share"], ["column 'share' not found"]),
        (["bottleneck", "{steps}", "--time-column", "t", "--rate-column", "r"], ["neither"]),
        (["bottleneck", "{bad_times}"], ["'process_time'", "non-numeric", "'six'"]),
        (["bottleneck", "{steps}", "--servers", "2"], ["--servers needs --elevate"]),
        (["bottleneck", "{steps}", "--elevate", "oven"], ["'oven' is not a station"]),
        (["bottleneck", "{steps}", "--elevate", "weld", "--servers", "0"], ["servers"]),
        (["bottleneck", "{steps}", "--near", "2"], ["near"]),
        (["bottleneck", "{steps}", "--arrivals", "-1"], ["external_arrivals"]),
        (["bottleneck", "{stations}", "--edges", "{edges}"], ["column 'step' not found"]),
        (["bottleneck", "{log}"], ["column 'step' not found"]),
    ],
)
def test_bottleneck_bad_input(
    files: dict[str, Path],
    args: list[str],
    fragments: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    assert_one_line_error(*run(filled, capsys), *fragments)


# --- eventlog ------------------------------------------------------------------------------


LOG_ARGS = ["--case", "case", "--activity", "activity", "--end", "end"]


@pytest.mark.parametrize("kind", ["log", "log_parquet"])
def test_eventlog_text_with_start(
    files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["eventlog", files[kind], *LOG_ARGS, "--start", "start"], capsys)
    assert (code, err) == (0, "")
    log = datasets.shop_event_log(jobs=40)
    assert out.startswith(f"{len(log)} events, 40 cases, 6 activities")
    assert "Edge times are waiting times (start of B minus completion of A)" in out
    assert "service time" in out
    assert "saw -> mill" in out
    assert "Cases start with: saw 40" in out


def test_eventlog_top_pairs(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["eventlog", files["log"], *LOG_ARGS, "--top", "2"], capsys)
    assert code == 0
    assert "  ... 4 more pairs" in out
    code, out, _ = run(["eventlog", files["log"], *LOG_ARGS, "--top", "0"], capsys)
    assert "more pairs" not in out
    assert "inspect -> weld" in out


def test_eventlog_complete_to_complete_says_so(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["eventlog", files["log"], *LOG_ARGS, "--time-unit", "h"], capsys)
    assert code == 0
    assert "complete-to-complete times" in out
    assert "no service times" in out
    assert "times in h" in out


def test_eventlog_json_matches_the_library(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["eventlog", files["log"], *LOG_ARGS, "--start", "start", "--json", "--time-unit", "s"],
        capsys,
    )
    assert code == 0
    payload = _strict_json(out)
    log = datasets.shop_event_log(jobs=40)
    graph = process.from_event_log(log, case="case", activity="activity", end="end", start="start")
    assert payload["edge_time"] == "waiting"
    assert sum(e["frequency"] for e in payload["edges"]) == len(log) - 40
    edge = next(e for e in payload["edges"] if (e["source"], e["target"]) == ("mill", "weld"))
    assert edge["mean_time"] == pytest.approx(graph.edges["mill", "weld"]["mean_time"])
    assert payload["case_lead_time"]["p90"] == pytest.approx(graph.graph["case_lead_time"]["p90"])
    weld = next(a for a in payload["activities"] if a["activity"] == "weld")
    assert weld["mean_service_time"] == pytest.approx(graph.nodes["weld"]["mean_service_time"])


def test_eventlog_out_files(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "dfg.csv"
    code, out, _ = run(["eventlog", files["log"], *LOG_ARGS, "--out", target], capsys)
    assert code == 0
    assert "written to" in out
    edges = pd.read_csv(target)
    nodes = pd.read_csv(tmp_path / "dfg_activities.csv")
    assert list(edges.columns[:4]) == ["source", "target", "frequency", "probability"]
    assert set(nodes["activity"]) == {"saw", "mill", "weld", "inspect", "paint", "pack"}
    target = tmp_path / "dfg.json"
    code, _, _ = run(["eventlog", files["log"], *LOG_ARGS, "--out", target], capsys)
    assert _strict_json(target.read_text())["time_unit"] == "min"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["eventlog", "{log}", "--case", "job", "--activity", "activity", "--end", "end"],
         ["column 'job' not found"]),
        (["eventlog", "{log}", *LOG_ARGS, "--start", "begin"], ["column 'begin' not found"]),
        (["eventlog", "{log}", "--case", "case", "--activity", "activity", "--end", "start",
          "--start", "end"], ["before it starts"]),
        (["eventlog", "{log}", *LOG_ARGS, "--calendar", "nine-five"], ["--calendar"]),
        (["eventlog", "{log}", *LOG_ARGS, "--calendar", "17-8"], ["calendar"]),
        (["eventlog", "{log}", "--case", "case", "--activity", "activity", "--end", "resource"],
         ["'resource' of timestamps"]),
        (["eventlog", "{log}", "--case", "case"], ["required"]),
    ],
)  # fmt: skip
def test_eventlog_bad_input(
    files: dict[str, Path],
    args: list[str],
    fragments: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    assert_one_line_error(*run(filled, capsys), *fragments)


# --- staffing ------------------------------------------------------------------------------


BRANCH_ARGS = [
    "--arrivals",
    "arrivals",
    "--handle-time",
    "handle_time",
    "--label",
    "interval",
    "--interval-minutes",
    "15",
    "--time-unit",
    "min",
    "--answer-time",
    "5",
    "--service-level",
    "0.8",
    "--shrinkage",
    "0.25",
]


def test_staffing_file_text(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["staffing", files["branch"], *BRANCH_ARGS], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1 + 32 + 2
    assert lines[1].split()[:6] == ["09:00", "8", "6.5", "3.47", "5", "7"]
    assert "Peak: 11 agents (15 scheduled) at 12:30" in out
    assert "62 agent-hours on duty, 85.5 scheduled" in out


def test_staffing_json_matches_the_library(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["staffing", files["branch"], *BRANCH_ARGS, "--json"], capsys)
    assert code == 0
    rows = _strict_json(out)
    branch = datasets.branch_arrivals()
    plan = queueing.staffing(
        branch["arrivals"] / 15.0,
        branch["handle_time"],
        answer_time=5.0,
        service_level=0.8,
        shrinkage=0.25,
    )
    assert [r["agents"] for r in rows] == plan.agents.tolist()
    assert [r["scheduled_agents"] for r in rows] == plan.scheduled_agents.tolist()
    np.testing.assert_allclose([r["service_level"] for r in rows], plan.service_level)
    assert rows[0]["interval"] == "09:00"


def test_staffing_scalar_options(capsys: pytest.CaptureFixture[str]) -> None:
    """360 calls per half hour of 240 s at 80 % in 20 s (the staffing docstring's case)."""
    code, out, _ = run(
        ["staffing", "--arrivals", "360", "--handle-time", "240", "--answer-time", "20",
         "--service-level", "0.8", "--shrinkage", "0.3"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert "Peak: 54 agents (78 scheduled)" in out
    code, out, _ = run(
        ["staffing", "--arrivals", "360", "--handle-time", "4", "--time-unit", "min",
         "--asa", "0.25", "--max-occupancy", "0.85", "--json"],
        capsys,
    )  # fmt: skip
    row = _strict_json(out)[0]
    assert row["asa"] <= 0.25
    assert row["occupancy"] <= 0.85


def test_staffing_file_with_one_handle_time(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["staffing", files["branch"], "--arrivals", "arrivals", "--handle-time", "5"]
    code, out, _ = run([*args, "--time-unit", "min", "--interval-minutes", "15", "--json"], capsys)
    assert code == 0
    rows = _strict_json(out)
    branch = datasets.branch_arrivals()
    plan = queueing.staffing(branch["arrivals"] / 15.0, 5.0)
    assert [r["agents"] for r in rows] == plan.agents.tolist()
    assert {r["handle_time"] for r in rows} == {5.0}


def test_staffing_out_and_plot(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png, csv = tmp_path / "staff.png", tmp_path / "plan.csv"
    code, out, _ = run(
        ["staffing", files["branch"], *BRANCH_ARGS, "--plot", png, "--out", csv], capsys
    )
    assert code == 0
    assert out == f"32 intervals: written to {csv}\n"
    assert pd.read_csv(csv)["agents"].max() == 11
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["staffing", "--handle-time", "240"], ["--arrivals and --handle-time"]),
        (["staffing", "--arrivals", "many", "--handle-time", "240"], ["--arrivals", "'many'"]),
        (["staffing", "{branch}", "--arrivals", "calls", "--handle-time", "handle_time"],
         ["column 'calls' not found"]),
        (["staffing", "{branch}", "--arrivals", "interval", "--handle-time", "handle_time"],
         ["non-numeric"]),
        (["staffing", "--arrivals", "10", "--handle-time", "240", "--answer-time", "20"],
         ["service_level", "answer_time"]),
        (["staffing", "--arrivals", "10", "--handle-time", "240", "--answer-time", "20",
          "--service-level", "80"], ["service_level"]),
        (["staffing", "--arrivals", "10", "--handle-time", "0"], ["handle_time"]),
        (["staffing", "--arrivals", "10", "--handle-time", "240", "--shrinkage", "1"],
         ["shrinkage"]),
        (["staffing", "--arrivals", "10", "--handle-time", "240", "--interval-minutes", "0"],
         ["--interval-minutes"]),
        (["staffing", "--arrivals", "10", "--handle-time", "240", "--label", "x"], ["--label"]),
    ],
)  # fmt: skip
def test_staffing_bad_input(
    files: dict[str, Path],
    args: list[str],
    fragments: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    assert_one_line_error(*run(filled, capsys), *fragments)


# --- demo ----------------------------------------------------------------------------------


def test_demo_sections_text() -> None:
    shop, branch = demo_sections(None)
    assert shop.title == "A machine shop: bottleneck, capacity and what-if"
    text = "\n".join(shop.lines)
    assert "Bottleneck: weld; near-bottlenecks: paint" in text
    assert "capacity 8.53 parts released; a second welder gives 9.04" in text
    assert "it moves on to mill" in text
    assert "critical WIP W0 = 4.99" in text
    assert "Simulated event log (2514 events, 400 jobs)" in text
    assert shop.figures == []
    assert branch.title == "A bank branch: teller staffing over the day"
    text = "\n".join(branch.lines)
    assert "target 80% served within 5 min; shrinkage 25%" in text
    assert "  12:00       108       11         15     84.4%" in text
    assert "peak 11 tellers (15 scheduled)" in text


def test_demo_sections_write_plots(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    shop, branch = demo_sections(tmp_path)
    assert shop.figures == ["process_graph.png", "factory_physics.png"]
    assert branch.figures == ["teller_staffing.png"]
    for name in (*shop.figures, *branch.figures):
        assert (tmp_path / name).stat().st_size > 10_000


def test_demo_report_has_the_sections(capsys: pytest.CaptureFixture[str]) -> None:
    from opsmodels.cli import run_demo

    class Sink:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            self.parts.append(text)
            return len(text)

    sink = Sink()
    run_demo(sink)  # type: ignore[arg-type]
    report = "".join(sink.parts)
    assert ". A machine shop: bottleneck, capacity and what-if" in report
    assert ". A bank branch: teller staffing over the day" in report
