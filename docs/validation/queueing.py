"""Reference cases shown in the queueing validation table: (source, quantity, published, ours,
tolerance). Each mirrors a reference test under tests/queueing/, which cites the same source."""

from __future__ import annotations

from collections.abc import Iterator

from opsmodels import queueing as q

Case = tuple[str, str, float, float, float]

GROSS = "Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed."
KLEINROCK = "Kleinrock, *Queueing Systems* vol. 1"
HOPP = "Hopp & Spearman, *Factory Physics*, 3rd ed."


def erlang() -> Iterator[Case]:
    src = f"{GROSS}, sec. 2.5 (Erlang B table)"
    yield src, "B(N = 10, A = 5)", 0.01838, q.erlang_b(5.0, 10), 5e-6
    yield src, "B(N = 10, A = 10)", 0.2146, q.erlang_b(10.0, 10), 5e-5
    yield src, "B(N = 3, A = 2) = 4/19", 4 / 19, q.erlang_b(2.0, 3), 1e-14
    yield f"{GROSS}, sec. 2.3", "C(N = 3, A = 2) = 4/9", 4 / 9, q.erlang_c(2.0, 3), 1e-14


def stations() -> Iterator[Case]:
    mm1 = q.mm1(0.75, 1.0)
    src = f"{KLEINROCK}, sec. 3.2 (M/M/1, rho = 0.75)"
    yield src, "L", 3.0, mm1.l, 1e-12
    yield src, "W", 4.0, mm1.w, 1e-12
    yield src, "Lq", 2.25, mm1.lq, 1e-12
    mmc = q.mmc(2.0, 1.0, 3)
    src = f"{GROSS}, sec. 2.3 (M/M/3, lambda = 2, mu = 1)"
    yield src, "P(wait) = 4/9", 4 / 9, mmc.p_wait, 1e-13
    yield src, "Lq = 8/9", 8 / 9, mmc.lq, 1e-13
    yield src, "W = 13/9", 13 / 9, mmc.w, 1e-13
    src = f"{KLEINROCK}, sec. 5.6 (M/G/1, E[S] = 1, Var S = 2, lambda = 0.5)"
    yield src, "Wq (Pollaczek-Khinchine)", 1.5, q.mg1(0.5, 1.0, 2.0).wq, 1e-13
    src = f"{GROSS}, sec. 2.5 (M/M/1/3, rho = 1)"
    yield src, "blocking probability", 0.25, q.mmck(1.0, 1.0, 1, 3).blocking_probability, 1e-12


def staffing() -> Iterator[Case]:
    r = q.staffing(
        100 / 1800, 180.0, answer_time=20.0, service_level=0.8, max_occupancy=0.85, shrinkage=0.3
    )
    src = "Call Centre Helper, Erlang C worked example (100 calls / 30 min, AHT 180 s, 80/20)"
    yield src, "agents", 14.0, float(r.agents), 0.0
    yield src, "scheduled agents (30 % shrinkage)", 20.0, float(r.scheduled_agents), 0.0
    yield src, "P(wait)", 0.174, r.p_wait, 5e-4
    yield src, "service level", 0.888, r.service_level, 5e-4
    yield src, "occupancy", 0.714, r.occupancy, 5e-4
    r = q.staffing(360 / 1800, 240.0, answer_time=20.0, service_level=0.8, shrinkage=0.3)
    src = "Koole, *Call Center Optimization*, sec. 5.2 (48 erlangs, 80/20)"
    yield src, "agents", 54.0, float(r.agents), 0.0
    yield src, "service level with 54 agents", 0.817, r.service_level, 5e-4


def networks() -> Iterator[Case]:
    r = q.jackson_network([1.0, 0.0], [[0.0, 1.0], [0.25, 0.0]], [2.0, 3.0], [1, 1])
    src = f"{KLEINROCK}, sec. 4.8 (two nodes, 1/4 feedback)"
    yield src, "lambda = 4/3", 4 / 3, float(r.arrival_rates[0]), 1e-13
    yield src, "W", 2.8, r.system_w, 1e-12
    p = [[0.0, 0.6, 0.3], [0.1, 0.0, 0.3], [0.4, 0.4, 0.0]]
    r = q.jackson_network([1.0, 4.0, 3.0], p, [10.0, 10.0, 10.0], [1, 2, 1])
    src = "Hillier & Lieberman, *Introduction to Operations Research* (Jackson network)"
    for i, published in enumerate([5.0, 10.0, 7.5]):
        yield src, f"lambda{i + 1}", published, float(r.arrival_rates[i]), 1e-12
    third = 1.0 / 3.0
    p = [[0.0, third, third], [0.0, 0.0, 1.0], [0.0, 0.5, 0.0]]
    r = q.jackson_network([5.0, 10.0, 15.0], p, [10.0, 50.0, 100.0], 1)
    src = "Ross, *Introduction to Probability Models*, ch. 6 exercise"
    yield src, "lambda3 = 170/3", 170 / 3, float(r.arrival_rates[2]), 1e-11
    yield src, "L = 5 + 17/13", 5 + 17 / 13, r.system_l, 1e-11


def closed() -> Iterator[Case]:
    r = q.mva([2.0, 2.0, 2.0, 2.0], 1, 12)
    src = f"{HOPP}, sec. 7.3 (Penny Fab One, practical worst case)"
    yield src, "TH(w = 4) = 2/7", 2 / 7, float(r.throughput[3]), 1e-14
    yield src, "CT(w = 4)", 14.0, float(r.response_time[3]), 1e-12
    yield src, "TH(w = 12)", 12 * 0.5 / 15, float(r.throughput[11]), 1e-14
    terms = [1.0, 3 * 0.25, 6 * 0.25**2, 6 * 0.25**3]
    src = f"{KLEINROCK}, sec. 3.10 (machine repairman, 3 machines, up 4, repair 1)"
    yield (
        src,
        "throughput 1 - p0",
        1 - 1 / sum(terms),
        float(q.mva([1.0], 1, 3, think_time=4.0).throughput[-1]),
        1e-14,
    )


def cases() -> Iterator[Case]:
    for group in (erlang, stations, staffing, networks, closed):
        yield from group()
