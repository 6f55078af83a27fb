"""Customer segmentation: transaction summaries and BTYD fits against their floor and lifetimes.

Cases (sizes from issue 6, "Speed"):

* ``summary``: ``customer_summary`` on 1,000,000 transactions of 100,000 customers (integer
  ids, and string ids) vs the floor, a plain pandas ``groupby(sort=False)`` count/min/max/sum
  per customer; and vs lifetimes' ``summary_data_from_transaction_data`` on the same log.
* ``bgnbd``, ``pnbd``: ``BGNBD.fit`` and ``ParetoNBD.fit`` on the CDNOW calibration summary
  (2,357 customers, weeks; standard errors included) vs lifetimes' ``BetaGeoFitter`` and
  ``ParetoNBDFitter`` on the same summary. Needs ../shared/data/CDNOW_sample.txt.
* ``million``: ``BGNBD.fit`` on 1,000,000 simulated customers with integer-day histories (the
  fit compresses identical histories), for the "fits on 1 million customers finish in
  seconds" target; there is no floor, the time is printed.

lifetimes lives in a separate environment (the peers venv, ``/work/peers/bin/python``, or the
interpreter named by ``$OPSMODELS_PEER_PYTHON``); it is never imported here. Each peer timing
runs there in a subprocess on the same data, handed over as ``.npy``/CSV files in a temporary
folder, and reports its best wall time back as JSON. Without that interpreter or lifetimes the
peer columns are skipped with a note. Run: ``python benchmarks/bench_segmentation.py`` (every
case) or with case names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import best_time, report

from opsmodels.segmentation import BGNBD, ParetoNBD, customer_summary

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PEER_PYTHON = Path(os.environ.get("OPSMODELS_PEER_PYTHON", "/work/peers/bin/python"))

_PEER_PRELUDE = """
import gc, json, sys, time, warnings
warnings.simplefilter("ignore")
import numpy as np, pandas as pd
def best(func, repeat):
    out = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        out = min(out, time.perf_counter() - start)
        if out * repeat > 60:
            break
    return out
"""


def _peer_time(body: str, folder: Path) -> float | None:
    """Run ``body`` (which sets ``seconds``) with lifetimes in the peer interpreter, in
    ``folder``; its best time, or None (with a note) when the peer is unavailable."""
    if not PEER_PYTHON.exists():
        print(f"  (peer interpreter {PEER_PYTHON} absent: peer columns skipped)")
        return None
    script = _PEER_PRELUDE + textwrap.dedent(body) + "\nprint(json.dumps(seconds))\n"
    done = subprocess.run(
        [str(PEER_PYTHON), "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["no output"]
        print(f"  (peer run failed: {last[0]}: peer columns skipped)")
        return None
    return float(json.loads(done.stdout.strip().splitlines()[-1]))


def _log(n: int = 1_000_000, customers: int = 100_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2022-01-01").value
    seconds = rng.integers(0, 730 * 86_400, n)
    return pd.DataFrame(
        {
            "customer": rng.integers(0, customers, n),
            "date": pd.to_datetime(start + seconds * 10**9),
            "amount": rng.gamma(2.0, 25.0, n).round(2),
        }
    )


def case_summary() -> None:
    log = _log()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        np.save(folder / "customer.npy", log["customer"].to_numpy())
        np.save(folder / "date.npy", log["date"].to_numpy().view(np.int64))
        np.save(folder / "amount.npy", log["amount"].to_numpy())
        t_peer = _peer_time(
            """
            from lifetimes.utils import summary_data_from_transaction_data
            log = pd.DataFrame({
                "customer": np.load("customer.npy"),
                "date": pd.to_datetime(np.load("date.npy")),
                "amount": np.load("amount.npy"),
            })
            seconds = best(lambda: summary_data_from_transaction_data(
                log, "customer", "date", monetary_value_col="amount",
                observation_period_end="2023-12-31"), 1)
            """,
            folder,
        )
    for label, frame in (
        ("int ids", log),
        ("str ids", log.assign(customer=log["customer"].astype(str))),
    ):

        def floor(frame: pd.DataFrame = frame) -> Any:
            return frame.groupby("customer", sort=False).agg(
                n=("date", "count"),
                first=("date", "min"),
                last=("date", "max"),
                total=("amount", "sum"),
            )

        def ours(frame: pd.DataFrame = frame) -> Any:
            return customer_summary(
                frame,
                customer="customer",
                date="date",
                amount="amount",
                observation_end="2023-12-31",
            )

        t_floor = best_time(floor, repeat=5)
        t_ours = best_time(ours, repeat=5)
        report(
            f"customer_summary 1e6 rows / 1e5 customers ({label})",
            t_ours,
            t_floor,
            t_peer if label == "int ids" else None,
            "lifetimes summary_data_from_transaction_data",
        )


def _cdnow_summary() -> pd.DataFrame | None:
    path = DATA / "CDNOW_sample.txt"
    if not path.exists():
        print(f"  ({path} absent: CDNOW cases skipped)")
        return None
    log = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["m", "customer", "date", "cds", "value"],
        dtype={"date": str},
    )
    return customer_summary(
        log,
        customer="customer",
        date="date",
        amount="value",
        observation_end="1997-09-30",
        time_unit="W",
        date_format="%Y%m%d",
    )


def _fit_case(model: Any, peer_name: str) -> None:
    summary = _cdnow_summary()
    if summary is None:
        return
    t_ours = best_time(lambda: model.fit(summary), repeat=7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        summary[["frequency", "recency", "T"]].to_csv(folder / "summary.csv", float_format="%.17g")
        t_peer = _peer_time(
            f"""
            import lifetimes
            s = pd.read_csv("summary.csv")
            seconds = best(lambda: lifetimes.{peer_name}().fit(
                s["frequency"], s["recency"], s["T"]), 3)
            """,
            folder,
        )
    # No floor for a fit: one log-likelihood evaluation is shown as the floor.
    fitted = model.fit(summary)
    x, t_x, T = (summary[c].to_numpy() for c in ("frequency", "recency", "T"))
    t_eval = best_time(lambda: fitted.log_likelihood_of(x, t_x, T), repeat=20)
    report(
        f"{model.__name__}.fit CDNOW (floor = 1 LL evaluation)",
        t_ours,
        t_eval,
        t_peer,
        f"lifetimes {peer_name}",
    )


def case_bgnbd() -> None:
    _fit_case(BGNBD, "BetaGeoFitter")


def case_pnbd() -> None:
    _fit_case(ParetoNBD, "ParetoNBDFitter")


def case_million() -> None:
    truth = BGNBD(params={"r": 0.243, "alpha": 4.414 * 7, "a": 0.793, "b": 2.426})
    T = np.random.default_rng(5).integers(30, 365, 1_000_000).astype(float)
    sim = truth.simulate(T, rng=5)
    sim["recency"] = np.ceil(sim["recency"])  # integer days, as from customer_summary
    distinct = len(sim.drop_duplicates())
    t_ours = best_time(lambda: BGNBD.fit(sim), repeat=1)
    print(f"BGNBD.fit 1e6 customers ({distinct} distinct histories, days): ours {t_ours:.2f} s")


CASES = {"summary": case_summary, "bgnbd": case_bgnbd, "pnbd": case_pnbd, "million": case_million}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(CASES)
    for name in chosen:
        CASES[name]()
