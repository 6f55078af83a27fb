"""Tests of segmentation.kmeans and kmeans_selection."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import KMeansResult, kmeans, kmeans_selection


def _blobs(seed: int = 0, per: int = 40) -> tuple[pd.DataFrame, np.ndarray]:
    gen = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 5.0], [0.0, 10.0, -5.0], [10.0, 10.0, 10.0]])
    x = np.concatenate([gen.normal(c, 0.4, size=(per, 3)) for c in centres])
    truth = np.repeat(np.arange(4), per)
    order = gen.permutation(len(x))
    frame = pd.DataFrame(x[order], columns=["r", "f", "m"], index=[f"c{i}" for i in order])
    return frame, truth[order]


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal up to a permutation of the cluster labels."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_well_separated_blobs_recovered_exactly() -> None:
    frame, truth = _blobs()
    result = kmeans(frame, 4, rng=7)
    assert isinstance(result, KMeansResult)
    assert result.labels.index.equals(frame.index)
    assert _same_partition(result.labels.to_numpy(), truth)
    assert result.centers["size"].tolist() == [40, 40, 40, 40]
    # centres in the original units are the cluster means of the raw data
    for j in range(4):
        rows = frame[result.labels.to_numpy() == j]
        np.testing.assert_allclose(
            result.centers.loc[j, ["r", "f", "m"]].to_numpy(float), rows.mean().to_numpy()
        )
    z = (frame - frame.mean()) / frame.std(ddof=0)
    for j in range(4):
        np.testing.assert_allclose(
            result.standardized_centers.loc[j].to_numpy(float),
            z[result.labels.to_numpy() == j].mean().to_numpy(),
            atol=1e-12,
        )
    assert result.silhouette is not None
    assert result.silhouette > 0.8
    assert result.silhouette_rows == len(frame)


def test_inertia_is_within_cluster_sum_of_squares() -> None:
    frame, _ = _blobs(1)
    result = kmeans(frame, 4, rng=0)
    z = ((frame - frame.mean()) / frame.std(ddof=0)).to_numpy()
    labels = result.labels.to_numpy()
    expected = sum(((z[labels == j] - z[labels == j].mean(axis=0)) ** 2).sum() for j in range(4))
    assert math.isclose(result.inertia, expected, rel_tol=1e-10)


def test_same_seed_same_result() -> None:
    frame, _ = _blobs(2)
    noisy = frame + np.random.default_rng(5).normal(0, 4.0, size=frame.shape)
    a = kmeans(noisy, 5, rng=123)
    b = kmeans(noisy, 5, rng=np.random.default_rng(123))
    pd.testing.assert_series_equal(a.labels, b.labels)
    pd.testing.assert_frame_equal(a.centers, b.centers)
    assert a.inertia == b.inertia
    assert a.silhouette == b.silhouette
    pd.testing.assert_frame_equal(
        kmeans_selection(noisy, range(1, 6), rng=4), kmeans_selection(noisy, range(1, 6), rng=4)
    )


def test_silhouette_by_hand() -> None:
    """Two two-point clusters on a line: {0, 1} and {4, 5} (raw units, no standardizing).

    Point 0: a = 1, b = (4 + 5)/2 = 4.5, s = 3.5/4.5; point 1: a = 1, b = (3 + 4)/2 = 3.5,
    s = 2.5/3.5; by symmetry points 5 and 4 score the same. Mean = (7/9 + 5/7)/2 (Rousseeuw
    1987, the definition s(i) = (b(i) - a(i)) / max{a(i), b(i)}).
    """
    result = kmeans(np.array([0.0, 1.0, 4.0, 5.0]), 2, rng=0, standardize=False)
    assert result.labels.tolist() == [0, 0, 1, 1]
    assert result.silhouette is not None
    assert math.isclose(result.silhouette, (7 / 9 + 5 / 7) / 2, rel_tol=1e-12)
    assert math.isclose(result.inertia, 1.0, rel_tol=1e-12)  # 4 x 0.5^2
    assert result.centers[0].tolist() == [0.5, 4.5]


def test_singleton_scores_zero_and_undefined_silhouette() -> None:
    """A point alone in its cluster has s = 0 (Rousseeuw 1987): {0, 1}, {10}."""
    result = kmeans([0.0, 1.0, 10.0], 2, rng=0, standardize=False)
    a0, b0 = 1.0, 10.0
    a1, b1 = 1.0, 9.0
    expected = ((b0 - a0) / b0 + (b1 - a1) / b1 + 0.0) / 3
    assert result.silhouette is not None
    assert math.isclose(result.silhouette, expected, rel_tol=1e-12)
    assert kmeans([0.0, 1.0, 10.0], 1, rng=0).silhouette is None
    assert kmeans([0.0, 1.0, 10.0], 3, rng=0).silhouette is None
    assert kmeans([0.0, 1.0, 10.0], 3, rng=0).inertia == 0.0


def test_silhouette_sampled_above_limit() -> None:
    gen = np.random.default_rng(0)
    x = np.concatenate([gen.normal(0, 1, size=(10_500, 2)), gen.normal(8, 1, size=(10_500, 2))])
    result = kmeans(x, 2, rng=1, n_init=1)
    assert result.silhouette_rows == 20_000
    assert result.silhouette is not None
    assert 0.6 < result.silhouette < 0.9


def test_inputs_not_mutated_and_constant_column() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0, 10.0, 11.0], "b": [3.0, 3.0, 3.0, 3.0]})
    before = frame.copy()
    result = kmeans(frame, 2, rng=0)
    pd.testing.assert_frame_equal(frame, before)
    assert result.centers["b"].tolist() == [3.0, 3.0]
    assert result.labels.tolist() == [0, 0, 1, 1]


def test_selection_table() -> None:
    frame, _ = _blobs(3)
    table = kmeans_selection(frame, rng=0)
    assert table.columns.tolist() == ["k", "inertia", "silhouette"]
    assert table["k"].tolist() == list(range(2, 11))
    assert int(table.loc[table["silhouette"].idxmax(), "k"]) == 4
    assert math.isnan(kmeans_selection(frame, [1], rng=0)["silhouette"].iloc[0])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(8, 40), d=st.integers(1, 3))
def test_inertia_non_increasing_in_k(seed: int, n: int, d: int) -> None:
    """Best of 10 k-means++ runs: W(k) does not rise with k on small data."""
    x = np.random.default_rng(seed).normal(size=(n, d))
    table = kmeans_selection(x, range(1, 6), rng=seed)
    inertia = table["inertia"].to_numpy()
    assert np.all(np.diff(inertia) <= 1e-9 * inertia[0])
    sil = table["silhouette"].to_numpy()[1:]
    assert np.all((sil >= -1) & (sil <= 1))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_labels_cover_every_cluster(seed: int, k: int) -> None:
    x = np.random.default_rng(seed).normal(size=(20, 2))
    result = kmeans(x, k, rng=seed, n_init=2)
    assert sorted(set(result.labels.tolist())) == list(range(k))
    assert result.centers["size"].sum() == 20
    assert result.inertia >= 0


@pytest.mark.parametrize("k", [0, -1, 5, 2.5, "2", None, True])
def test_bad_k(k: object) -> None:
    with pytest.raises(InvalidInputError, match="'k'"):
        kmeans([[0.0], [1.0], [2.0], [3.0]], k)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "features",
    [
        [[0.0, 1.0], [np.nan, 2.0], [3.0, 4.0]],
        pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "z"]}),
        pd.DataFrame({"a": [1.0, np.nan, 3.0]}),
        [[0.0, 1.0], [np.inf, 2.0]],
        ["a", "b", "c"],
        pd.DataFrame(),
        [],
        None,
        np.zeros((2, 2, 2)),
    ],
)
def test_bad_features(features: object) -> None:
    with pytest.raises(InvalidInputError, match="features"):
        kmeans(features, 1)


def test_bad_options() -> None:
    x = [[0.0], [1.0], [2.0]]
    with pytest.raises(InvalidInputError, match="n_init"):
        kmeans(x, 1, n_init=0)
    with pytest.raises(InvalidInputError, match="max_iter"):
        kmeans(x, 1, max_iter=0)
    with pytest.raises(InvalidInputError, match="rng"):
        kmeans(x, 1, rng="seed")  # type: ignore[arg-type]
    for seed in (-1, 1.0, True):
        with pytest.raises(InvalidInputError, match="rng"):
            kmeans(x, 1, rng=seed)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'k'"):
        kmeans(x, True)
    with pytest.raises(InvalidInputError, match="standardize"):
        kmeans(x, 1, standardize=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="ks"):
        kmeans_selection(x, [1, 4])
    with pytest.raises(InvalidInputError, match="ks"):
        kmeans_selection(x, [])
    with pytest.raises(InvalidInputError, match="ks"):
        kmeans_selection(x, 3)  # type: ignore[arg-type]


def _silhouette_by_definition(z: np.ndarray, labels: np.ndarray) -> float:
    """Rousseeuw's s(i) written out row by row with scipy's pairwise distances."""
    from scipy.spatial.distance import cdist

    dist = cdist(z, z)
    scores = []
    for i in range(len(z)):
        own = labels == labels[i]
        if own.sum() == 1:
            scores.append(0.0)
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = min(dist[i, labels == j].mean() for j in set(labels.tolist()) - {labels[i]})
        scores.append((b - a) / max(a, b))
    return float(np.mean(scores))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 60), k=st.integers(2, 5))
def test_blockwise_silhouette_equals_definition(seed: int, n: int, k: int) -> None:
    """The blocked, matrix-product silhouette equals the row-by-row definition, also with
    blocks of 7 rows (so that blocks split clusters)."""
    from opsmodels.segmentation import _kmeans

    gen = np.random.default_rng(seed)
    z = gen.normal(size=(n, 2))
    k = min(k, n)
    labels = gen.integers(0, k, size=n)
    labels[:k] = np.arange(k)  # every cluster used
    expected = _silhouette_by_definition(z, labels)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_kmeans, "_BLOCK", 7)
        got = _kmeans._silhouette(z, labels, k)
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)


def test_agrees_with_scipy_kmeans2_on_blobs() -> None:
    """scipy.cluster.vq.kmeans2 (k-means++ seeding) finds the same partition and inertia."""
    from scipy.cluster.vq import kmeans2

    frame, _ = _blobs(4)
    z = ((frame - frame.mean()) / frame.std(ddof=0)).to_numpy()
    centres, labels = kmeans2(z, 4, minit="++", seed=1)
    ours = kmeans(frame, 4, rng=2)
    assert _same_partition(ours.labels.to_numpy(), labels)
    assert math.isclose(ours.inertia, float(((z - centres[labels]) ** 2).sum()), rel_tol=1e-9)


def test_silhouette_ignores_clusters_absent_from_the_sample() -> None:
    """A cluster with no row in the (sampled) rows must not turn the mean into NaN."""
    from opsmodels.segmentation import _kmeans

    z = np.random.default_rng(0).normal(size=(50, 2))
    labels = np.repeat([0, 1], 25)
    assert _kmeans._silhouette(z, labels, 3) == _kmeans._silhouette(z, labels, 2)
    assert math.isclose(_kmeans._silhouette(z, labels, 2), _silhouette_by_definition(z, labels))
