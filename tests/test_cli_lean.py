"""Tests of the lean commands of ``opsmodels`` (``oee``, ``waste``) and the lean demo sections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from opsmodels import datasets, lean
from opsmodels.cli import DOMAINS, _lean, main

CATEGORIES = "changeover=setup,minor_stop=small_stop,break=planned_stop,not_scheduled=planned_stop"
#: The options the sample state log needs.
SAMPLE = ["--ideal-cycle-time", "ideal_cycle_time", "--categories", CATEGORIES]


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def run(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2, err
    assert out == ""
    assert err.startswith("opsmodels: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample state log as CSV and Parquet, and a small log with numeric times."""
    root = tmp_path_factory.mktemp("cli_lean")
    states = datasets.machine_states()
    out = {
        "csv": root / "states.csv",
        "parquet": root / "states.parquet",
        "small": root / "small.csv",
        "counts": root / "counts.csv",
        "gaps": root / "gaps.csv",
    }
    states.to_csv(out["csv"], index=False)
    states.to_parquet(out["parquet"])
    # Two machines, numeric times in minutes; m2's rows come first and out of order.
    small = pd.DataFrame(
        {
            "mach": ["m2", "m1", "m1", "m2", "m1", "m1"],
            "status": ["running", "running", "breakdown", "pause", "running", "setup"],
            "t0": [60.0, 0.0, 300.0, 0.0, 330.0, 450.0],
            "t1": [480.0, 300.0, 330.0, 60.0, 450.0, 480.0],
        }
    )
    small.to_csv(out["small"], index=False)
    pd.DataFrame(
        {"mach": ["m1", "m2"], "made": [400, 300], "ok": [380, 300], "ict": [1.0, 1.2]}
    ).to_csv(out["counts"], index=False)
    pd.DataFrame({"mach": ["m1", "m2"], "made": [400, None], "ok": [380, 300]}).to_csv(
        out["gaps"], index=False
    )
    return out


def _library_result(**options: Any) -> Any:
    states = datasets.machine_states()
    return lean.oee_from_states(
        states,
        counts=states,
        ideal_cycle_time="ideal_cycle_time",
        categories=datasets.MACHINE_STATE_CATEGORIES,
        **options,
    )


# --- oee -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_oee_text(files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        [
            "oee",
            files[kind],
            *SAMPLE,
            "--startup-rejects",
            "startup_rejects",
        ],
        capsys,
    )
    assert code == 0, err
    assert "3 machines" in out
    assert "times in hours" in out
    for machine in ("press-1", "press-2", "lathe-1"):
        assert f"  {machine}" in out
    expected = _library_result(startup_rejects="startup_rejects").overall
    overall = next(line for line in out.splitlines() if line.lstrip().startswith("overall"))
    assert f"{100 * expected.oee:.1f}" in overall
    assert f"{100 * expected.teep:.1f}" in overall
    for loss in ("breakdowns", "setups and adjustments", "small stops", "reduced speed"):
        assert loss in out
    assert "startup rejects" in out
    assert "= fully productive time" in out
    assert "never from averaged ratios" in out


def test_oee_json_matches_the_library(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        [
            "oee",
            files["csv"],
            *SAMPLE,
            "--by",
            "day,shift",
            "--json",
        ],
        capsys,
    )
    assert code == 0, err
    payload = _strict_json(out)
    expected = _library_result(by=["day", "shift"])
    assert payload["time_unit"] == "s"
    assert payload["overall"]["oee"] == pytest.approx(expected.overall.oee, rel=1e-12)
    assert payload["overall"]["teep"] == pytest.approx(expected.overall.teep, rel=1e-12)
    assert payload["losses"] == pytest.approx(expected.losses.to_dict(), rel=1e-12)
    table = pd.DataFrame(payload["table"])
    assert list(table.columns[:3]) == ["machine", "day", "shift"]
    assert len(table) == len(expected.table) == 3 * 5 * 3
    np.testing.assert_allclose(table["oee"], expected.table["oee"].to_numpy(), rtol=1e-12)
    night = table[table["shift"] == "night"]
    assert (night["planned_time"] == 0).all()
    assert (night["oee"] == 0).all()
    steps = [row["step"] for row in payload["waterfall"]]
    assert steps[0] == "planned_time"
    assert steps[-1] == "fully_productive_time"


def test_oee_overall_is_from_sums_not_averaged(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            "oee",
            files["csv"],
            *SAMPLE,
            "--json",
        ],
        capsys,
    )
    assert code == 0
    payload = _strict_json(out)
    table = pd.DataFrame(payload["table"])
    total = table.sum(numeric_only=True)
    a = total["run_time"] / total["planned_time"]
    p = total["net_run_time"] / total["run_time"]
    q = total["good_count"] / total["total_count"]
    overall = payload["overall"]
    assert overall["availability"] == pytest.approx(a, rel=1e-12)
    assert overall["performance"] == pytest.approx(p, rel=1e-12)
    assert overall["quality"] == pytest.approx(q, rel=1e-12)
    assert overall["oee"] == pytest.approx(a * p * q, rel=1e-12)
    assert abs(overall["oee"] - table["oee"].mean()) > 1e-3  # not the mean of the ratios


def test_oee_numeric_times_separate_counts_and_unsorted_rows(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Hand-worked: m1 is planned 480 min, down 30 (breakdown) + 30 (setup), runs 420 with
    400 units at 1 min: A = 420/480, P = 400/420, Q = 380/400, OEE = 380/480 = 0.7917.
    m2 pauses 60 min (planned stop), runs 420 with 300 units at 1.2 min: OEE = 360/420."""
    args = ["oee", files["small"], "--machine", "mach", "--state", "status"]
    args += ["--start", "t0", "--end", "t1", "--categories", "pause=planned_stop"]
    args += ["--counts", files["counts"], "--total", "made", "--good", "ok"]
    args += ["--ideal-cycle-time", "ict"]
    code, out, err = run([*args, "--json"], capsys)
    assert code == 0, err
    payload = _strict_json(out)
    assert payload["time_unit"] == "log"
    rows = {row["mach"]: row for row in payload["table"]}
    assert rows["m1"]["availability"] == pytest.approx(420 / 480)
    assert rows["m1"]["performance"] == pytest.approx(400 / 420)
    assert rows["m1"]["quality"] == pytest.approx(380 / 400)
    assert rows["m1"]["oee"] == pytest.approx(380 / 480)
    assert rows["m2"]["planned_time"] == 420
    assert rows["m2"]["oee"] == pytest.approx(360 / 420)
    assert rows["m2"]["teep"] == pytest.approx(360 / 480)
    assert payload["overall"]["oee"] == pytest.approx((840 / 900) * (760 / 840) * (680 / 700))
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert "times in the log unit" in out
    assert "  m1" in out
    assert "79.2" in out


def test_oee_number_as_ideal_cycle_time_and_small_stop_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = pd.DataFrame(
        {
            "machine": ["a"] * 4,
            "state": ["running", "breakdown", "running", "breakdown"],
            "start": [
                "2026-01-05 06:00",
                "2026-01-05 07:00",
                "2026-01-05 07:02",
                "2026-01-05 08:00",
            ],
            "end": ["2026-01-05 07:00", "2026-01-05 07:02", "2026-01-05 08:00", "2026-01-05 08:30"],
            "total_count": [50, None, 50, None],  # blank on stops: 0 units
            "good_count": [50, None, 45, None],
        }
    )
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    base = ["oee", path, "--ideal-cycle-time", "60", "--json"]
    code, out, err = run([*base, "--small-stop-threshold", "300"], capsys)
    assert code == 0, err
    losses = _strict_json(out)["losses"]
    assert losses["small_stops"] == pytest.approx(120.0)  # the 2-minute breakdown [s]
    assert losses["breakdowns"] == pytest.approx(1_800.0)
    code, out, _ = run(base, capsys)
    assert _strict_json(out)["losses"]["breakdowns"] == pytest.approx(1_920.0)


def test_oee_zoned_timestamps_are_compared_in_utc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mixed UTC offsets (a clock change): 07:00+01:00 is 06:00 UTC, right after the first
    interval, so the log tiles 3 hours: 2 h running (100 units at 60 s), 1 h breakdown."""
    log = pd.DataFrame(
        {
            "machine": ["a", "a"],
            "state": ["running", "breakdown"],
            "start": ["2026-03-29 04:00+00:00", "2026-03-29 08:00+02:00"],
            "end": ["2026-03-29 07:00+01:00", "2026-03-29 07:00+00:00"],
            "total_count": [100, 0],
            "good_count": [100, 0],
        }
    )
    path = tmp_path / "zoned.csv"
    log.to_csv(path, index=False)
    code, out, err = run(["oee", path, "--ideal-cycle-time", "60", "--json"], capsys)
    assert code == 0, err
    payload = _strict_json(out)
    assert payload["table"][0]["planned_time"] == pytest.approx(3 * 3_600)
    assert payload["overall"]["oee"] == pytest.approx(6_000 / 10_800)


def test_oee_bad_files_and_arguments(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = SAMPLE
    small = ["oee", files["small"], "--machine", "mach", "--state", "status", "--start", "t0"]
    small += ["--end", "t1", "--total", "made", "--good", "ok"]
    cases: list[tuple[list[Any], tuple[str, ...]]] = [
        (["oee", tmp_path / "none.csv", *ok], ("no such file",)),
        (["oee", files["csv"], "--machine", "line", *ok], ("'line' not found",)),
        (["oee", files["csv"], "--by", "week", *ok], ("'week' not found",)),
        (["oee", files["csv"], "--by", "day,,shift", *ok], ("--by",)),
        (["oee", files["csv"], "--start", "shift", *ok], ("neither numbers nor timestamps",)),
        (["oee", files["csv"], "--start", "ideal_cycle_time", *ok], ("both be timestamps",)),
        (["oee", files["csv"], "--ideal-cycle-time", "ideal_cycle_time"], ("changeover",)),
        (["oee", files["csv"], *ok[:2], "--categories", "break=lunch"], ("unknown category",)),
        (["oee", files["csv"], *ok[:2], "--categories", "break"], ("LABEL=CATEGORY",)),
        (["oee", files["csv"], "--ideal-cycle-time", "-3", "--categories", CATEGORIES], ("> 0",)),
        (
            ["oee", files["csv"], "--ideal-cycle-time", "cycle", "--categories", CATEGORIES],
            ("'cycle'",),
        ),
        (["oee", files["csv"], *ok, "--total", "state"], ("non-numeric",)),
        (["oee", files["csv"], *ok, "--counts", tmp_path / "none.csv"], ("no such file",)),
        (["oee", files["csv"], *ok, "--small-stop-threshold", "x"], ("not a number",)),
        (["oee", files["csv"]], ("--ideal-cycle-time",)),
        ([*small, "--counts", files["gaps"], "--ideal-cycle-time", "1"], ("missing count",)),
    ]
    for args, fragments in cases:
        code, out, err = run(args, capsys)
        assert_one_line_error(code, out, err, *fragments)


def test_oee_bad_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = pd.DataFrame(
        {
            "machine": ["a", "a"],
            "state": ["running", "setup"],
            "start": [0.0, 100.0],
            "end": [100.0, 120.0],
            "total_count": [80, 0],
            "good_count": [80, 0],
        }
    )
    bad = {
        "overlap": (base.assign(start=[0.0, 90.0]), "overlap"),
        "negative": (base.assign(end=[100.0, 90.0]), "start"),
        "good_above_total": (base.assign(good_count=[90, 0]), "good_count"),
        "too_fast": (base.assign(total_count=[120, 0], good_count=[120, 0]), "ideal_cycle_time"),
        "unknown_state": (base.assign(state=["running", "lunch"]), "lunch"),
        "missing_time": (base.assign(end=[100.0, None]), "missing time"),
        "missing_machine": (base.assign(machine=["a", None]), "machine"),
    }
    for name, (frame, fragment) in bad.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        code, out, err = run(["oee", path, "--ideal-cycle-time", "1"], capsys)
        assert_one_line_error(code, out, err, fragment)


def test_oee_plot(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "waterfall.png"
    code, out, err = run(
        [
            "oee",
            files["csv"],
            *SAMPLE,
            "--plot",
            target,
        ],
        capsys,
    )
    assert code == 0, err
    assert target.stat().st_size > 10_000
    assert f"written to {target}" in out
    code, out, err = run(
        [
            "oee",
            files["csv"],
            *SAMPLE,
            "--plot",
            tmp_path / "no" / "dir" / "w.png",
        ],
        capsys,
    )
    assert_one_line_error(code, out, err, "cannot write")


# --- waste -----------------------------------------------------------------------------------

PATH = ",".join(datasets.ORDER_STANDARD_PATH)
WASTE_FULL = ["--case", "case", "--activity", "activity", "--end", "end", "--start", "start"]
WASTE_FULL += ["--resource", "resource", "--location", "location", "--standard-path", PATH]


@pytest.fixture(scope="module")
def event_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli_waste")
    log = datasets.order_events()
    out = {"csv": root / "orders.csv", "parquet": root / "orders.parquet", "small": root / "s.csv"}
    log.to_csv(out["csv"], index=False)
    log.to_parquet(out["parquet"])
    small = pd.DataFrame(
        {
            "id": [1, 1, 1, 2, 2],
            "step": ["receive", "check", "check", "receive", "ship"],
            "who": ["ann", "bob", "bob", "ann", "cy"],
            "begin": [
                "2024-01-01 08:00",
                "2024-01-01 09:00",
                "2024-01-01 10:00",
                "2024-01-01 08:00",
                "2024-01-01 09:00",
            ],
            "done": [
                "2024-01-01 08:30",
                "2024-01-01 09:30",
                "2024-01-01 11:00",
                "2024-01-01 08:30",
                "2024-01-01 10:00",
            ],
        }
    )
    small.iloc[::-1].to_csv(out["small"], index=False)  # any order
    return out


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_waste_text(
    event_files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["waste", event_files[kind], *WASTE_FULL, "--demand", "15"], capsys)
    assert code == 0, err
    assert "300 cases, 3,0" in out
    assert "waiting measured as idle time between steps" in out
    for waste in ("waiting", "defects", "overprocessing", "inventory", "transport", "motion"):
        assert f"  {waste} " in out
    assert "in front of weld" in out
    assert "Little's law" in out
    assert "extra inspection" in out
    assert "not measurable" in out  # motion


def test_waste_json_matches_the_library(
    event_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.csv"
    code, out, err = run(
        ["waste", event_files["csv"], *WASTE_FULL, "--json", "--cases", cases], capsys
    )
    assert code == 0, err
    payload = _strict_json(out)
    expected = lean.waste(
        datasets.order_events(),
        case="case",
        activity="activity",
        end="end",
        start="start",
        resource="resource",
        location="location",
        standard_path=list(datasets.ORDER_STANDARD_PATH),
    )
    summary = pd.DataFrame(payload["summary"])
    assert summary["waste"].tolist() == expected.summary["waste"].tolist()
    np.testing.assert_allclose(
        summary["value"].astype(float), expected.summary["value"].to_numpy(float), rtol=1e-12
    )
    assert payload["total_waiting_time"] == pytest.approx(expected.total_waiting_time)
    assert payload["rework_events"] == expected.rework_events
    assert payload["off_path_events"] == expected.off_path_events
    assert payload["handoff_count"] == expected.handoff_count
    assert payload["littles_law_gap"] == pytest.approx(0.0, abs=1e-9)
    assert payload["output"] is None
    assert len(payload["activities"]) == 12
    assert payload["activities"][0]["activity"] == expected.activities.index[0]
    per_case = pd.read_csv(cases)
    assert len(per_case) == 300
    assert per_case["rework_events"].sum() == expected.rework_events


def test_waste_hand_worked_log(
    event_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Case 1: receive 08:00-08:30, check 09:00-09:30, check again 10:00-11:00; case 2:
    receive 08:00-08:30, ship 09:00-10:00. Waiting 30 + 30 + 30 = 90 min; one rework event
    (the second check, 60 min); standard path receive, ship: the two checks are off it; the
    hand-offs are ann -> bob and ann -> cy; lead times 3 h and 2 h."""
    args = ["waste", event_files["small"], "--case", "id", "--activity", "step", "--end", "done"]
    args += ["--start", "begin", "--resource", "who", "--standard-path", "receive,ship", "--json"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    payload = _strict_json(out)
    assert payload["total_waiting_time"] == 90 * 60
    assert payload["waiting_share"] == pytest.approx(90 / 300)
    assert payload["rework_events"] == 1
    assert payload["rework_time"] == 60 * 60
    assert payload["off_path_events"] == 2
    assert payload["handoff_count"] == 2
    assert payload["mean_lead_time"] == 2.5 * 3_600
    assert payload["n_cases"] == 2


def test_waste_without_start_demand_and_output(
    event_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["waste", event_files["csv"], "--case", "case", "--activity", "activity"]
    args += ["--end", "end", "--demand", "15", "--output-activity", "ship"]
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert "complete-to-complete" in out
    assert "output (events of 'ship') above demand" in out
    assert "no resource column given" in out
    code, out, err = run([*args, "--period", "W", "--json"], capsys)
    assert code == 0, err
    weeks = _strict_json(out)["output"]
    assert 3 <= len(weeks) <= 5
    assert sum(w["output"] for w in weeks) == 300
    assert weeks[0]["period"].startswith("2026-03-02")


def test_waste_bad_files_and_arguments(
    event_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = event_files["small"]
    base = ["--case", "id", "--activity", "step", "--end", "done"]
    numeric = tmp_path / "numeric.csv"
    pd.DataFrame({"id": [1, 1], "step": ["a", "b"], "done": [1.0, 2.0]}).to_csv(
        numeric, index=False
    )
    backwards = tmp_path / "backwards.csv"
    pd.DataFrame(
        {
            "id": [1, 1],
            "step": ["a", "b"],
            "begin": ["2024-01-01 08:00", "2024-01-01 10:00"],
            "done": ["2024-01-01 09:00", "2024-01-01 09:30"],
        }
    ).to_csv(backwards, index=False)
    gaps = tmp_path / "gaps.csv"
    pd.DataFrame(
        {"id": [1, 1, 2], "step": ["a", None, "a"], "done": ["2024-01-01 09:00"] * 3}
    ).to_csv(gaps, index=False)
    cases: list[tuple[list[Any], tuple[str, ...]]] = [
        (["waste", tmp_path / "none.csv", *base], ("no such file",)),
        (["waste", small, *base[:-1], "finish"], ("'finish' not found",)),
        (["waste", small, *base, "--resource", "team"], ("'team' not found",)),
        (["waste", small, *base, "--standard-path", "receive,pack"], ("pack",)),
        (["waste", small, *base, "--standard-path", "receive,,ship"], ("--standard-path",)),
        (["waste", small, *base, "--demand", "-1"], ("demand",)),
        (["waste", small, *base, "--period", "fortnight", "--demand", "1"], ("period",)),
        (["waste", small, *base, "--output-activity", "pack"], ("pack",)),
        (["waste", numeric, *base], ("timestamps",)),
        (["waste", backwards, *base, "--start", "begin"], ("before",)),
        (["waste", gaps, *base], ("missing",)),
        (["waste", small, "--case", "id", "--activity", "step"], ("--end",)),
    ]
    for args, fragments in cases:
        code, out, err = run(args, capsys)
        assert_one_line_error(code, out, err, *fragments)
    code, out, err = run(["waste", gaps, *base, "--dropna", "--json"], capsys)
    assert code == 0, err
    assert _strict_json(out)["n_events"] == 2


# --- demo ------------------------------------------------------------------------------------


def test_lean_is_in_the_demo() -> None:
    assert _lean in DOMAINS


def test_demo_sections_text() -> None:
    sections = _lean.demo_sections(None)
    titles = [s.title for s in sections]
    assert any("OEE" in t for t in titles)
    assert any("value stream" in t for t in titles)
    assert any("balancing" in t for t in titles)
    text = "\n".join(line for s in sections for line in s.lines)
    expected = _library_result(startup_rejects="startup_rejects")
    assert f"{100 * expected.overall.oee:.1f}" in text
    assert "press-2 has the lowest OEE" in text
    assert "takt 112.5 s" in text
    assert "<- constraint" in text
    assert "PCE" in text
    assert "Future state" in text
    assert "exact branch and bound: 3 stations (optimal)" in text
    assert any("wastes" in t for t in titles)
    assert "in front of weld" in text
    assert "Little's law" in text
    assert all(not s.figures for s in sections)


def test_demo_sections_write_plots(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    sections = _lean.demo_sections(tmp_path)
    figures = [name for s in sections for name in s.figures]
    assert figures == ["oee_waterfall.png", "value_stream.png", "yamazumi.png"]
    for name in figures:
        assert (tmp_path / name).stat().st_size > 10_000
