"""Tests of the ``opsmodels rfm`` and ``opsmodels clv`` commands and the customer demo section."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from opsmodels import datasets, segmentation
from opsmodels.cli import _segmentation, main

COLUMNS = ["--customer", "customer", "--date", "date", "--amount", "amount"]


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return datasets.bank_transactions(n_customers=300)


@pytest.fixture(scope="module")
def files(log: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("seg_cli")
    out = {"csv": root / "log.csv", "parquet": root / "log.parquet"}
    log.to_csv(out["csv"], index=False)
    log.to_parquet(out["parquet"])
    bad_dates = log.astype({"date": str})
    bad_dates.loc[5, "date"] = "not a date"
    out["bad_dates"] = root / "bad_dates.csv"
    bad_dates.to_csv(out["bad_dates"], index=False)
    refunds = log.copy()
    refunds.loc[7, "amount"] = -25.0
    out["refunds"] = root / "refunds.csv"
    refunds.to_csv(out["refunds"], index=False)
    text_amount = log.astype({"amount": str})
    text_amount.loc[3, "amount"] = "n/a"
    out["text_amount"] = root / "text_amount.csv"
    text_amount.to_csv(out["text_amount"], index=False)
    out["no_repeat"] = root / "no_repeat.csv"
    out["no_repeat"].write_text("customer,date,amount\n1,2024-01-01,10\n2,2024-01-05,5\n")
    out["no_churn"] = root / "no_churn.csv"
    out["no_churn"].write_text(
        "customer,date,amount\n1,2024-01-01,10\n1,2024-02-01,12\n2,2024-01-05,5\n"
        "2,2024-03-01,7\n3,2024-02-01,3\n"
    )
    out["empty"] = root / "empty.csv"
    out["empty"].write_text("customer,date,amount\n")
    return out


def run(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("opsmodels: error: ")
    assert err.count("\n") == 1
    for fragment in fragments:
        assert fragment in err


# --------------------------------------------------------------------------------------
# rfm
# --------------------------------------------------------------------------------------


def test_rfm_text_summary_and_table(
    files: dict[str, Path], log: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["rfm", files["csv"], *COLUMNS], capsys)
    assert code == 0, err
    assert err == ""
    header, rest = out.split("\n", 1)
    assert header.startswith("RFM of 300 customers")
    assert "up to 2025-12-31" in header
    assert "segment map rf10" in header
    summary_text, csv_text = rest.split("\n\n", 1)
    table = pd.read_csv(io.StringIO(csv_text), index_col=0)
    assert len(table) == 300
    assert set(table.columns) >= {"R", "F", "M", "FM", "rfm_code", "segment", "recency_days"}
    # the summary counts match the table
    for name, count in table["segment"].value_counts().items():
        assert any(
            line.split()[: len(str(name).split())] == str(name).split()
            and str(count) in line.split()
            for line in summary_text.splitlines()
        ), name
    # same scores as the library
    expected = segmentation.rfm_scores(
        segmentation.customer_summary(
            log,
            customer="customer",
            date="date",
            amount="amount",
            observation_end="2025-12-31",
        )
    )
    assert (table["rfm_code"].astype(str) == expected["rfm_code"]).all()


def test_rfm_json_out_files_and_plot(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["rfm", files["parquet"], *COLUMNS, "--json", "--segment-map", "rfm11", "--bins", "5"],
        capsys,
    )
    assert code == 0
    payload = _strict_json(out)
    assert payload["segment_map"] == "rfm11"
    assert payload["observation_end"] == "2025-12-31"
    assert sum(s["customers"] for s in payload["segments"]) == 300
    assert len(payload["customers"]) == 300
    assert {"customer", "R", "FM", "segment"} <= set(payload["customers"][0])

    target = tmp_path / "rfm.csv"
    picture = tmp_path / "grid.png"
    code, out, _ = run(
        ["rfm", files["csv"], *COLUMNS, "--out", target, "--plot", picture, "--ties", "rank"],
        capsys,
    )
    assert code == 0
    assert f"written to {target}" in out
    assert len(pd.read_csv(target)) == 300
    assert picture.stat().st_size > 10_000

    records = tmp_path / "rfm.json"
    code, _, _ = run(
        ["rfm", files["csv"], *COLUMNS, "--out", records, "--observation-end", "2024-12-31"],
        capsys,
    )
    assert code == 0
    rows = _strict_json(records.read_text())
    assert 0 < len(rows) < 300  # customers who joined in 2025 are left out


def test_rfm_fewer_bins(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rfm", files["csv"], *COLUMNS, "--bins", "4", "--json"], capsys)
    assert code == 0, err
    scores = [c["R"] for c in _strict_json(out)["customers"]]
    assert max(scores) == 4


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["rfm", "missing.csv", *COLUMNS], ("missing.csv", "no such file")),
        (["rfm", "{empty}", *COLUMNS], ("no data rows",)),
        (
            ["rfm", "{csv}", "--customer", "client", "--date", "date", "--amount", "amount"],
            ("'client'", "not found"),
        ),
        (["rfm", "{bad_dates}", *COLUMNS], ("unparseable", "date")),
        (
            ["rfm", "{bad_dates}", *COLUMNS, "--observation-end", "2025-12-31"],
            ("unparseable", "date"),
        ),
        (["rfm", "{csv}", *COLUMNS, "--observation-end", "someday"], ("observation-end",)),
        (["rfm", "{csv}", *COLUMNS, "--observation-end", "2020-01-01"], ("no transaction",)),
        (["rfm", "{refunds}", *COLUMNS], ("negative",)),
        (["rfm", "{text_amount}", *COLUMNS], ("amount",)),
        (["rfm", "{csv}", *COLUMNS, "--bins", "1"], ("--bins",)),
        (["rfm", "{csv}", *COLUMNS, "--bins", "7"], ("segment_map",)),
        (["rfm", "{csv}", *COLUMNS, "--segment-map", "rf99"], ("--segment-map",)),
        (["rfm", "{csv}", *COLUMNS, "--json", "--out", "x.csv"], ("not allowed",)),
        (["rfm", "{csv}", "--customer", "customer"], ("required",)),
        (["clv", "{csv}", *COLUMNS, "--model", "xyz"], ("--model",)),
        (["clv", "{csv}", *COLUMNS, "--horizon", "52"], ("horizon", "52")),
        (["clv", "{csv}", *COLUMNS, "--horizon", "0W"], ("horizon",)),
        (["clv", "{csv}", *COLUMNS, "--discount-unit", "decade"], ("discount_unit",)),
        (["clv", "{csv}", *COLUMNS, "--margin", "0"], ("--margin",)),
        (["clv", "{csv}", *COLUMNS, "--discount-rate", "-0.1"], ("--discount-rate",)),
        (["clv", "{csv}", *COLUMNS, "--time-unit", "fortnight"], ("time_unit",)),
        (["clv", "{bad_dates}", *COLUMNS], ("unparseable",)),
        (["clv", "{no_repeat}", *COLUMNS], ("frequency", "> 0 for at least one customer")),
        (["clv", "{no_churn}", *COLUMNS], ("did not converge", "churned")),
    ],
)
def test_bad_files_columns_and_options(
    files: dict[str, Path],
    args: list[str],
    fragments: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
) -> None:
    filled = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    code, out, err = run(filled, capsys)
    assert_one_line_error(code, out, err, *fragments)


def test_refunds_can_be_dropped(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rfm", files["refunds"], *COLUMNS, "--drop-refunds", "--json"], capsys)
    assert code == 0, err
    assert len(_strict_json(out)["customers"]) == 300


# --------------------------------------------------------------------------------------
# clv
# --------------------------------------------------------------------------------------


def test_clv_text(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clv", files["csv"], *COLUMNS, "--horizon", "26W"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("CLV of 300 customers")
    assert "horizon 26W (26 W)" in lines[0]
    assert "discount rate 0 per Y" in lines[0]
    assert lines[1].startswith("  BGNBD: log-likelihood ")
    assert all(f"{p} " in lines[2] for p in ("r", "alpha", "a", "b"))
    assert "(se " in lines[2]
    assert lines[3].startswith("  GammaGamma: log-likelihood ")
    table = pd.read_csv(io.StringIO(out.split("\n\n", 1)[1]), index_col=0)
    assert len(table) == 300
    assert list(table.columns) == [
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "p_alive",
        "expected_purchases",
        "dert",
        "expected_spend",
        "clv",
    ]
    assert table["p_alive"].between(0, 1).all()
    assert (table["clv"] >= 0).all()
    assert table["clv"].is_monotonic_decreasing
    # undiscounted over a finite horizon: DERT is the expected number of purchases
    np.testing.assert_allclose(table["dert"], table["expected_purchases"], rtol=1e-6)
    np.testing.assert_allclose(table["clv"], table["dert"] * table["expected_spend"], rtol=1e-9)


def test_clv_discounting_margin_and_no_horizon(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["clv", files["csv"], *COLUMNS, "--json"]
    plain = _strict_json(run([*base, "--horizon", "1Y"], capsys)[1])
    discounted = _strict_json(
        run([*base, "--horizon", "1Y", "--discount-rate", "0.2", "--margin", "0.5"], capsys)[1]
    )
    assert plain["horizon_in_time_units"] == pytest.approx(365.2425 / 7)
    by_customer = {c["customer"]: c for c in plain["customers"]}
    for row in discounted["customers"][:20]:
        before = by_customer[row["customer"]]
        assert row["dert"] < before["dert"]
        assert row["clv"] == pytest.approx(row["dert"] * row["expected_spend"] * 0.5)
    lifetime = _strict_json(run([*base, "--horizon", "inf", "--discount-rate", "0.1"], capsys)[1])
    assert lifetime["horizon_in_time_units"] == "inf"
    assert "expected_purchases" not in lifetime["customers"][0]
    assert lifetime["customers"][0]["clv"] > 0


def test_clv_json_matches_the_library(
    files: dict[str, Path], log: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["clv", files["parquet"], *COLUMNS, "--json", "--model", "pnbd", "--time-unit", "D"],
        capsys,
    )
    assert code == 0, err
    payload = _strict_json(out)
    assert payload["transaction_model"]["name"] == "ParetoNBD"
    assert payload["time_unit"] == "D"
    summary = segmentation.customer_summary(
        log,
        customer="customer",
        date="date",
        amount="amount",
        observation_end="2025-12-31",
        time_unit="D",
    )
    model = segmentation.ParetoNBD.fit(summary)
    assert payload["transaction_model"]["log_likelihood"] == pytest.approx(model.log_likelihood)
    first = payload["customers"][0]
    row = summary.loc[first["customer"]]
    assert first["p_alive"] == pytest.approx(
        model.p_alive(row["frequency"], row["recency"], row["T"])
    )


def test_clv_out_file(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "clv.csv"
    picture = tmp_path / "alive.png"
    code, out, _ = run(["clv", files["csv"], *COLUMNS, "--out", target, "--plot", picture], capsys)
    assert code == 0
    assert "written to" in out
    assert len(pd.read_csv(target)) == 300
    assert picture.stat().st_size > 10_000
    code, out, err = run(
        ["clv", files["csv"], *COLUMNS, "--plot", tmp_path / "no" / "such" / "dir.png"], capsys
    )
    assert_one_line_error(code, out, err, "cannot write")


# --------------------------------------------------------------------------------------
# demo section
# --------------------------------------------------------------------------------------


def test_demo_section_content() -> None:
    (section,) = _segmentation.demo_sections(None)
    text = "\n".join(section.lines)
    assert section.title.startswith("Customers of a bank branch")
    for fragment in (
        "3000 customers",
        "RFM segments",
        "Champions",
        "Hibernating",
        "banking windows",
        "reactivated",
        "Branch view of the last 90 days",
        "Quarterly cohort retention",
        "2023Q1",
        "top 20 % of customers",
        "Gini",
        "BG/NBD and Gamma-Gamma fits",
        "Top customers by CLV",
        "Holdout check: BG/NBD fitted on 2023-2024",
    ):
        assert fragment in text, fragment
    assert section.figures == []


def test_demo_section_figures(tmp_path: Path) -> None:
    (section,) = _segmentation.demo_sections(tmp_path)
    assert section.figures == [
        "rfm_segments.png",
        "cohort_retention.png",
        "p_alive.png",
        "holdout.png",
    ]
    for name in section.figures:
        assert (tmp_path / name).stat().st_size > 10_000


def test_demo_report_includes_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "Customers of a bank branch: RFM, lifecycle, cohorts and CLV" in out
