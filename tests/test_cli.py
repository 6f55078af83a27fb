"""Tests of the ``opsmodels`` command: capability, chart and demo, and its handling of bad input."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import opsmodels
from opsmodels import datasets, inventory
from opsmodels.cli import main
from opsmodels.cli._sixsigma import shift_point


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small CSV and Parquet files: subgrouped measurements and daily counts."""
    root = tmp_path_factory.mktemp("cli")
    d = datasets.diameters().iloc[:100][["subgroup", "diameter"]]
    counts = datasets.defects()[["inspected", "defective", "defects"]]
    out = {
        "csv": root / "parts.csv",
        "parquet": root / "parts.parquet",
        "counts": root / "counts.csv",
        "counts_parquet": root / "counts.parquet",
    }
    d.to_csv(out["csv"], index=False)
    d.to_parquet(out["parquet"])
    counts.to_csv(out["counts"], index=False)
    counts.to_parquet(out["counts_parquet"])
    return out


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("opsmodels: error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


# --- capability ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_capability_text(
    files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        [
            "capability",
            files[kind],
            "--column",
            "diameter",
            "--lsl",
            "24.97",
            "--usl",
            "25.03",
            "--target",
            "25",
            "--subgroup",
            "subgroup",
        ],
        capsys,
    )
    assert code == 0, err
    assert "Process capability of 'diameter' (n = 100)" in out
    assert "Cpk" in out
    assert "95 % interval" in out
    assert "(pooled)" in out


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_capability_json_matches_the_library(
    files: dict[str, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            "capability",
            files[kind],
            "--column",
            "diameter",
            "--lsl",
            "24.97",
            "--usl",
            "25.03",
            "--sigma-method",
            "moving_range",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    payload = _strict_json(out)
    values = datasets.diameters().iloc[:100]["diameter"]
    expected = opsmodels.sixsigma.capability(
        values, lsl=24.97, usl=25.03, sigma_method="moving_range"
    )
    assert payload["cpk"] == pytest.approx(expected.cpk, rel=1e-12)
    assert payload["sigma_method"] == "moving_range"
    assert set(payload["intervals"]) >= {"cp", "cpk"}


def test_capability_with_one_limit_prints_none_fields(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["capability", files["csv"], "--column", "diameter", "--usl", "25.03", "--json"], capsys
    )
    assert code == 0
    payload = _strict_json(out)
    assert payload["cp"] is None
    assert payload["cpu"] is not None


# --- chart ---------------------------------------------------------------------------------

CHARTS = [
    (["--type", "imr", "--column", "diameter"], "csv", ["Individuals chart", "Moving range chart"]),
    (
        ["--type", "xbar-r", "--column", "diameter", "--subgroup", "subgroup"],
        "csv",
        ["X̄ chart (20 subgroups", "R chart"],
    ),
    (
        ["--type", "xbar-s", "--column", "diameter", "--subgroup", "subgroup", "--rules", "nelson"],
        "parquet",
        ["X̄ chart", "S chart", "Nelson rules applied: 1, 2, 3, 4, 5, 6, 7, 8"],
    ),
    (
        ["--type", "p", "--column", "defective", "--size", "inspected"],
        "counts",
        ["p chart (30 points", "1 point flagged", "rule 1"],
    ),
    (
        ["--type", "np", "--column", "defective", "--size", "inspected"],
        "counts_parquet",
        ["np chart"],
    ),
    (["--type", "c", "--column", "defects"], "counts", ["c chart"]),
    (["--type", "u", "--column", "defects", "--size", "inspected"], "counts", ["u chart"]),
    (
        [
            "--type",
            "ewma",
            "--column",
            "diameter",
            "--target",
            "25",
            "--sigma",
            "0.01",
            "--lam",
            "0.2",
        ],
        "csv",
        ["EWMA chart"],
    ),
    (
        [
            "--type",
            "cusum",
            "--column",
            "diameter",
            "--target",
            "25",
            "--sigma",
            "0.01",
            "--k",
            "0.5",
            "--h",
            "5",
        ],
        "csv",
        ["CUSUM chart"],
    ),
]


@pytest.mark.parametrize(("args", "kind", "expected"), CHARTS)
def test_chart_text_and_json(
    files: dict[str, Path],
    args: list[str],
    kind: str,
    expected: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["chart", files[kind], *args], capsys)
    assert code == 0, err
    for fragment in expected:
        assert fragment in out, out
    code, out, err = run(["chart", files[kind], *args, "--json"], capsys)
    assert code == 0, err
    payload = _strict_json(out)
    assert isinstance(payload, dict)
    assert "limits" in payload


def test_chart_points_are_labelled_by_subgroup(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.DataFrame(
        {
            "batch": np.repeat(["b1", "b2", "b3", "b4", "b5"], 3),
            "x": [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 9, 9, 9.5],
        }
    )
    path = files["csv"].parent / "batches.csv"
    frame.to_csv(path, index=False)
    code, out, _ = run(
        ["chart", path, "--type", "xbar-r", "--column", "x", "--subgroup", "batch"], capsys
    )
    assert code == 0
    assert "subgroup b5 = " in out


def test_phase_one_limits_saved_and_applied_to_new_data(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "limits.json"
    code, out, err = run(
        [
            "chart",
            files["csv"],
            "--type",
            "xbar-r",
            "--column",
            "diameter",
            "--subgroup",
            "subgroup",
            "--revise",
            "--save-limits",
            saved,
        ],
        capsys,
    )
    assert code == 0, err
    limits = opsmodels.sixsigma.ChartLimits.from_json(saved.read_text())
    assert limits.chart == "xbar_r"
    later = datasets.diameters().iloc[175:][["subgroup", "diameter"]]  # after the shift
    path = tmp_path / "later.csv"
    later.to_csv(path, index=False)
    code, out, err = run(
        [
            "chart",
            path,
            "--type",
            "xbar-r",
            "--column",
            "diameter",
            "--subgroup",
            "subgroup",
            "--limits",
            saved,
        ],
        capsys,
    )
    assert code == 0, err
    assert "phase II" in out
    assert "flagged" in out
    code, out, err = run(
        ["chart", files["counts"], "--type", "c", "--column", "defects", "--limits", saved], capsys
    )
    assert_one_line_error(code, out, err, "limits")
    code, out, err = run(
        ["chart", path, "--type", "c", "--column", "diameter", "--limits", tmp_path / "none.json"],
        capsys,
    )
    assert_one_line_error(code, out, err, "cannot read limits")
    code, out, err = run(
        ["chart", path, "--type", "ewma", "--column", "diameter", "--revise"], capsys
    )
    assert_one_line_error(code, out, err, "--revise does not apply to --type ewma")


def test_shift_point_finds_the_step() -> None:
    x = np.r_[np.zeros(10), np.ones(5)]
    assert shift_point(x) == (10, 1.0)


# --- bad files and arguments ---------------------------------------------------------------


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["capability", tmp_path / "nope.csv", "--column", "x"], capsys)
    assert_one_line_error(code, out, err, "no such file")


def test_unsupported_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("x\n1\n")
    code, out, err = run(["capability", path, "--column", "x"], capsys)
    assert_one_line_error(code, out, err, "unsupported file type '.xlsx'")


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dir.csv"
    path.mkdir()
    code, out, err = run(["chart", path, "--type", "c", "--column", "x"], capsys)
    assert_one_line_error(code, out, err, "not a file")


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", b"x,y\n", "has no data rows"),
        ("broken.parquet", b"this is not parquet", "cannot read"),
        ("binary.csv", bytes(range(256)) * 4, "cannot read"),
    ],
)
def test_unreadable_or_empty_file(
    tmp_path: Path, name: str, content: bytes, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(["capability", path, "--column", "x", "--lsl", "0", "--usl", "1"], capsys)
    assert_one_line_error(code, out, err, fragment)


def test_missing_column(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["capability", files["csv"], "--column", "width"], capsys)
    assert_one_line_error(code, out, err, "column 'width' not found", "diameter")
    code, out, err = run(
        ["chart", files["csv"], "--type", "xbar-r", "--column", "diameter", "--subgroup", "batch"],
        capsys,
    )
    assert_one_line_error(code, out, err, "column 'batch' not found")


def test_non_numeric_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "text.csv"
    path.write_text("x\n1.0\n2.0\nabc\n3.0\n")
    code, out, err = run(["capability", path, "--column", "x", "--lsl", "0", "--usl", "5"], capsys)
    assert_one_line_error(code, out, err, "non-numeric", "'abc'", "data row 3")


def test_non_numeric_row_is_counted_in_the_file_after_dropna(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.csv"
    pd.DataFrame({"x": ["1.0", None, "2.0", "oops"]}).to_csv(path, index=False)
    code, out, err = run(["capability", path, "--column", "x", "--usl", "5", "--dropna"], capsys)
    assert_one_line_error(code, out, err, "'oops' in data row 4")


def test_an_unexpected_failure_is_one_line_with_exit_code_1(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(opsmodels.sixsigma, "capability", broken)
    code, _out, err = run(
        ["capability", files["csv"], "--column", "diameter", "--usl", "25"], capsys
    )
    assert code == 1
    assert err == "opsmodels: internal error: ZeroDivisionError: boom (please report it)\n"


def test_missing_values_need_dropna(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gaps.csv"
    frame = pd.DataFrame({"x": [1.0, 2.0, np.nan, 3.0, 2.5, 1.5], "y": [1, 2, 3, 4, 5, 6]})
    frame.to_csv(path, index=False)
    code, out, err = run(["capability", path, "--column", "x", "--lsl", "0", "--usl", "5"], capsys)
    assert_one_line_error(code, out, err, "1 missing value", "--dropna")
    code, out, err = run(
        ["capability", path, "--column", "x", "--lsl", "0", "--usl", "5", "--dropna"], capsys
    )
    assert code == 0, err
    assert "(n = 5)" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lsl", "abc"], "argument --lsl: not a number: 'abc'"),
        (["--lsl", "25.03", "--usl", "24.97"], "lsl"),  # InvalidInputError from the library
        (["--sigma-method", "guess"], "invalid choice: 'guess'"),
        (["--confidence", "1.5", "--lsl", "24.97"], "confidence"),
    ],
)
def test_bad_capability_arguments(
    files: dict[str, Path], args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["capability", files["csv"], "--column", "diameter", *args], capsys)
    assert_one_line_error(code, out, err, fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--type", "bar", "--column", "defects"], "invalid choice: 'bar'"),
        (["--type", "p", "--column", "defective"], "--type p needs --size"),
        (["--type", "xbar-r", "--column", "defects"], "--type xbar-r needs --subgroup"),
        (["--type", "p", "--column", "inspected", "--size", "defective"], "defectives"),
        (
            [
                "--type",
                "ewma",
                "--column",
                "defects",
                "--lam",
                "2",
                "--target",
                "1",
                "--sigma",
                "1",
            ],
            "lam",
        ),
        (["--column", "defects"], "the following arguments are required: --type"),
    ],
)
def test_bad_chart_arguments(
    files: dict[str, Path], args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["chart", files["counts"], *args], capsys)
    assert_one_line_error(code, out, err, fragment)


def test_no_command_and_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run([], capsys), "required")
    assert_one_line_error(*run(["plot"], capsys), "invalid choice: 'plot'")


# --- demo ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    out_dir = tmp_path_factory.mktemp("demo") / "report"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["demo", "--out", str(out_dir)])
    return code, buffer.getvalue(), out_dir


def test_demo_reports_every_analysis(demo: tuple[int, str, Path]) -> None:
    code, out, _ = demo
    assert code == 0
    for fragment in [
        "Process capability of 'diameter'",
        "X̄ chart (50 subgroups",
        "SHIFT: the process mean shifts by +0.0",
        "from subgroup 36 on",
        "Anderson-Darling",
        "p chart (30 days",
        "2026-03-24",
        "Vital few",
        "MARGINAL",
        "sigma level",
    ]:
        assert fragment in out, fragment


def test_demo_writes_the_html_report_and_plots(demo: tuple[int, str, Path]) -> None:
    _, out, out_dir = demo
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in out_dir.glob("*.png"))
    six_sigma = {
        "capability.png",
        "gauge_rr.png",
        "nonnormal_capability.png",
        "p_chart.png",
        "pareto.png",
        "xbar_r_chart.png",
    }
    assert six_sigma <= set(pngs)  # the other domains' sections add their own
    for name in pngs:
        assert f"src='{name}'" in html
        assert (out_dir / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert html.count("<img ") == len(pngs)  # every figure written is shown, and only those
    assert "shifts by" in html
    assert "report.html" in out


def test_demo_without_out_prints_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(["demo"], capsys)
    assert code == 0
    assert "shifts by" in out
    assert list(tmp_path.iterdir()) == []


def test_demo_needs_matplotlib_only_for_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the plot extra were missing
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "shifts by" in out
    code, out, err = run(["demo", "--out", tmp_path / "report"], capsys)
    assert_one_line_error(code, out, err, "--out needs matplotlib", "opsmodels[plot]")


def test_demo_out_not_creatable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(["demo", "--out", blocker / "sub"], capsys)
    assert_one_line_error(code, out, err, "cannot create")


# --- inventory -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sku_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample SKU table as CSV and Parquet (the sku label as a column)."""
    root = tmp_path_factory.mktemp("skus")
    table = datasets.skus().reset_index()
    out = {"csv": root / "skus.csv", "parquet": root / "skus.parquet"}
    table.to_csv(out["csv"], index=False)
    table.to_parquet(out["parquet"])
    return out


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize(
    ("policy", "extra"),
    [("rq", []), ("ss", ["--distribution", "poisson"]), ("eoq", []), ("reorder_point", [])],
)
def test_inventory_csv_out_matches_the_library(
    sku_files: dict[str, Path],
    kind: str,
    policy: str,
    extra: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["inventory", sku_files[kind], "--policy", policy, *extra], capsys)
    assert (code, err) == (0, "")
    got = pd.read_csv(io.StringIO(out))
    distribution = "poisson" if extra else "normal"
    expected = inventory.sku_policies(
        datasets.skus().reset_index(),
        policy=policy,  # type: ignore[arg-type]
        distribution=distribution,  # type: ignore[arg-type]
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12)


def test_inventory_json_and_out_files(
    sku_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = inventory.sku_policies(datasets.skus(), policy="rq")
    code, out, _ = run(["inventory", sku_files["csv"], "--policy", "rq", "--json"], capsys)
    assert code == 0
    records = _strict_json(out)
    assert [r["sku"] for r in records] == expected.index.tolist()
    assert [r["order_quantity"] for r in records] == pytest.approx(
        expected["order_quantity"].tolist(), rel=1e-12
    )
    target = tmp_path / "policies.csv"
    code, out, _ = run(
        ["inventory", sku_files["parquet"], "--policy", "rq", "--out", target], capsys
    )
    assert code == 0
    assert "8 SKUs" in out
    assert str(target) in out
    written = pd.read_csv(target, index_col="sku")
    pd.testing.assert_frame_equal(written, expected, check_dtype=False, check_index_type=False)
    target = tmp_path / "policies.json"
    code, out, _ = run(["inventory", sku_files["csv"], "--policy", "rq", "--out", target], capsys)
    assert code == 0
    assert _strict_json(target.read_text(encoding="utf-8")) == records


def test_inventory_renamed_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 5.8:
    Poisson(1.5), L = 2, h = 20, p = 150, K = 100 -> r = 3, Q = 5."""
    path = tmp_path / "one.csv"
    pd.DataFrame({"lam": [1.5], "L": [2], "h": [20], "p": [150], "K": [100]}).to_csv(
        path, index=False
    )
    args = ["--demand-mean", "lam", "--lead-time", "L", "--holding-cost", "h"]
    args += ["--shortage-cost", "p", "--ordering-cost", "K", "--distribution", "poisson"]
    code, out, _ = run(["inventory", path, "--policy", "rq", *args, "--json"], capsys)
    assert code == 0
    (record,) = _strict_json(out)
    assert (record["reorder_point"], record["order_quantity"]) == (3.0, 5.0)


def test_inventory_bad_files_and_arguments(
    sku_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["inventory", tmp_path / "none.csv", "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "no such file")
    (tmp_path / "skus.xlsx").write_text("x")
    code, out, err = run(["inventory", tmp_path / "skus.xlsx", "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "unsupported file type")
    (tmp_path / "empty.csv").write_text("")
    code, out, err = run(["inventory", tmp_path / "empty.csv", "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "empty")
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    code, out, err = run(["inventory", tmp_path / "bad.parquet", "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "cannot read")
    code, out, err = run(
        ["inventory", sku_files["csv"], "--policy", "rq", "--lead-time", "L"], capsys
    )
    assert_one_line_error(code, out, err, "'L' not found")
    code, out, err = run(["inventory", sku_files["csv"], "--policy", "sS"], capsys)
    assert_one_line_error(code, out, err, "--policy")
    code, out, err = run(
        ["inventory", sku_files["csv"], "--policy", "rq", "--json", "--out", "x.csv"], capsys
    )
    assert_one_line_error(code, out, err, "--out")
    code, out, err = run(
        ["inventory", sku_files["csv"], "--policy", "rq", "--method", "fast"], capsys
    )
    assert_one_line_error(code, out, err, "method")
    code, out, err = run(
        ["inventory", sku_files["csv"], "--policy", "rq", "--out", tmp_path / "no" / "x.csv"],
        capsys,
    )
    assert_one_line_error(code, out, err, "cannot write")


def test_inventory_bad_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = datasets.skus().reset_index()
    path = tmp_path / "text.csv"
    table.assign(holding_cost=["cheap"] + [1.0] * 7).to_csv(path, index=False)
    code, out, err = run(["inventory", path, "--policy", "eoq"], capsys)
    assert_one_line_error(code, out, err, "'holding_cost'", "non-numeric", "data row 1")
    path = tmp_path / "negative.csv"
    table.assign(ordering_cost=-5.0).to_csv(path, index=False)
    code, out, err = run(["inventory", path, "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "ordering_cost")
    path = tmp_path / "gaps.csv"
    table.assign(lead_time=[None] + [1.0] * 7).to_csv(path, index=False)
    code, out, err = run(["inventory", path, "--policy", "rq"], capsys)
    assert_one_line_error(code, out, err, "missing value", "--dropna")
    code, out, _ = run(["inventory", path, "--policy", "rq", "--dropna"], capsys)
    assert code == 0
    assert len(pd.read_csv(io.StringIO(out))) == 7


def test_demo_has_the_inventory_section(demo: tuple[int, str, Path]) -> None:
    _, out, out_dir = demo
    assert "8. Inventory policies for five sample SKUs" in out
    assert "SKU-01" in out
    assert "95 % cycle service" in out
    assert "Inventory policies" in (out_dir / "report.html").read_text(encoding="utf-8")


# --- as a program --------------------------------------------------------------------------


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(opsmodels.__file__).parents[1])
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "opsmodels", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_python_m_opsmodels_help() -> None:
    done = _python("--help")
    assert done.returncode == 0
    for command in ("demo", "capability", "chart"):
        assert command in done.stdout
    assert _python("--version").stdout.strip() == opsmodels.__version__


def test_python_m_opsmodels_bad_file_has_no_traceback(tmp_path: Path) -> None:
    done = _python("chart", str(tmp_path / "none.parquet"), "--type", "c", "--column", "x")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("opsmodels: error: cannot read")
