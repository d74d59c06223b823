"""Training the semantic head with class weights: the harmful/benign prior the head learns is a fixed
share, so a batch that adds many look-alikes sharpens the separation without moving the operating point."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from policy.moderators.semantic import KNN_WEIGHT, Head, harmful_probability, learnt_logit, vote
from policy.train_semantic import (
    Embedded,
    class_weights,
    fit,
    fit_mlp,
    newton_logistic,
    part_calibration,
    save_head,
)


def synthetic(n_harmful: int, n_benign: int, *, seed: int = 0, dims: int = 8) -> Embedded:
    """Unit vectors, harmful ones leaning one way: a learnable, overlapping two-class problem."""
    rng = np.random.default_rng(seed)
    direction = np.zeros(dims)
    direction[0] = 1.0
    x = rng.normal(size=(n_harmful + n_benign, dims))
    x[:n_harmful] += 1.5 * direction
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    labels = np.array(["violence"] * n_harmful + ["benign"] * n_benign)
    return Embedded(x, np.arange(len(labels)), labels)


def with_benign_twice(data: Embedded) -> Embedded:
    """The same data with every benign row written twice (a batch of look-alikes like the old ones)."""
    benign = np.flatnonzero(data.labels == "benign")
    rows = np.concatenate([np.arange(len(data.labels)), benign])
    return Embedded(data.x[rows], np.arange(len(rows)), data.labels[rows])


@pytest.mark.parametrize(("n_harmful", "n_benign", "share"), [(30, 70, 0.42), (10, 90, 0.5), (60, 40, 0.2)])
def test_class_weights_give_harmful_rows_the_fixed_share(n_harmful, n_benign, share):
    harmful = np.array([True] * n_harmful + [False] * n_benign)
    weights = class_weights(harmful, share)
    assert weights[harmful].sum() / weights.sum() == pytest.approx(share)
    assert weights.mean() == pytest.approx(1.0)


def test_a_weight_counts_like_a_repeated_row():
    data = synthetic(40, 60)
    y = (data.labels != "benign").astype(float)
    weights = np.where(np.arange(len(y)) % 3 == 0, 2.0, 1.0)
    repeated = np.concatenate([np.arange(len(y)), np.flatnonzero(weights == 2.0)])
    weighted = newton_logistic(data.x, y, l2=1e-3, weights=weights)
    duplicated = newton_logistic(data.x[repeated], y[repeated], l2=1e-3)
    assert np.allclose(weighted, duplicated, atol=1e-6)


def test_more_benign_rows_do_not_move_the_weighted_regression():
    data, more = synthetic(40, 60), with_benign_twice(synthetic(40, 60))
    y, y_more = (data.labels != "benign").astype(float), (more.labels != "benign").astype(float)
    share = 0.4
    fixed = newton_logistic(data.x, y, l2=1e-3, weights=class_weights(y > 0, share))
    fixed_more = newton_logistic(more.x, y_more, l2=1e-3, weights=class_weights(y_more > 0, share))
    assert np.allclose(fixed, fixed_more, atol=1e-6)
    # Unweighted, the same data with its benign rows twice lowers the bias: the shift class weights stop.
    plain, plain_more = newton_logistic(data.x, y, l2=1e-3), newton_logistic(more.x, y_more, l2=1e-3)
    assert plain_more[-1] < plain[-1] - 0.3


def test_the_neighbours_vote_counts_harmful_exemplars_by_their_class_weight():
    data = synthetic(20, 80)
    common = {
        "categories": ["violence"],
        "weights": np.zeros(8, dtype=np.float32),
        "bias": 0.0,
        "platt": (1.0, 0.0),
        "report_floor": {"violence": 0.1},
        "exemplars": data.x.astype(np.float32),
        "exemplar_labels": data.labels,
    }
    queries = synthetic(10, 10, seed=1).x.astype(np.float32)
    plain, weighted = Head(**common), Head(**common, harmful_weight=2.0)
    # Higher wherever a harmful exemplar is among the neighbours, the same where none is.
    assert (vote(queries, weighted) >= vote(queries, plain)).all()
    assert (vote(queries, weighted) > vote(queries, plain)).sum() >= 15
    assert Head(**common).harmful_weight == 1.0  # heads saved before class weights read as unweighted


def test_the_fitted_head_carries_the_exemplar_weight_that_restores_the_share():
    train, held = synthetic(30, 70), synthetic(30, 70, seed=2)
    model = fit(train, held, ["violence"], harmful_share=0.5, calibration_share=0.5)
    assert model.harmful_weight == pytest.approx(70 / 30)
    probability = harmful_probability(held.x.astype(np.float32), model)
    harmful = held.labels != "benign"
    assert probability[harmful].mean() > probability[~harmful].mean() + 0.1


def head_at(path, monkeypatch) -> Head:
    """The shipped head as the moderator loads it, read from `path` instead."""
    from policy.moderators import semantic

    monkeypatch.setattr(semantic, "HEAD_PATH", path)
    semantic.head.cache_clear()
    try:
        return semantic.head()
    finally:
        semantic.head.cache_clear()


def test_a_head_saved_before_class_weights_loads_as_it_was_trained(tmp_path, monkeypatch):
    from policy.moderators import semantic

    data = synthetic(5, 5)
    path = tmp_path / "old_head.npz"
    np.savez(
        path,
        categories=np.array(["violence"]),
        weights=np.zeros(8, dtype=np.float32),
        bias=np.float32(0.0),
        platt=np.array([1.0, 0.0], dtype=np.float32),
        report_floor=np.array([0.1], dtype=np.float32),
        exemplars=np.round(data.x * semantic.EXEMPLAR_SCALE).astype(np.int8),
        exemplar_labels=data.labels,
    )
    old = head_at(path, monkeypatch)
    assert old.harmful_weight == 1.0
    assert old.sharpness == 10.0 != semantic.SHARPNESS
    assert old.hidden_weights is None and old.knn_weight == KNN_WEIGHT  # a regression, voted as before
    assert old.part_platt == semantic.PART_PLATT  # its parts on the scale fitted before heads saved theirs


def quadrants(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Points whose class is the sign of x0 * x1: no straight line separates them."""
    x = np.random.default_rng(seed).uniform(-1, 1, size=(n, 4))
    return x, x[:, 0] * x[:, 1] > 0


def test_the_network_learns_what_no_regression_can_and_is_the_same_bytes_each_time():
    x, y = quadrants(2000, seed=0)
    test_x, test_y = quadrants(500, seed=1)
    w1, b1, w2, b2 = fit_mlp(x, y, hidden=32, epochs=60, learning_rate=1e-2)
    again = fit_mlp(x, y, hidden=32, epochs=60, learning_rate=1e-2)
    assert all(np.array_equal(a, b) for a, b in zip((w1, b1, w2, b2), again, strict=True))
    network = np.maximum(test_x @ w1 + b1, 0.0) @ w2 + b2 > 0
    regression = newton_logistic(x, y.astype(float), l2=1e-3)
    linear = test_x @ regression[:-1] + regression[-1] > 0
    assert (network == test_y).mean() > 0.9
    assert (linear == test_y).mean() < 0.7


def test_a_network_head_is_fitted_saved_and_scored_by_its_hidden_layer(tmp_path, monkeypatch):

    train, held = synthetic(30, 70), synthetic(30, 70, seed=2)
    model = fit(train, held, ["violence"], harmful_share=0.5, calibration_share=0.5, network=True)
    assert model.hidden_weights is not None and model.knn_weight != KNN_WEIGHT
    queries = held.x.astype(np.float32)
    hidden = np.maximum(queries @ model.hidden_weights + model.hidden_bias, 0.0)
    assert np.allclose(learnt_logit(queries, model), hidden @ model.weights + model.bias)
    probability = harmful_probability(queries, model)
    harmful = held.labels != "benign"
    assert probability[harmful].mean() > probability[~harmful].mean() + 0.1
    path = tmp_path / "network_head.npz"
    save_head(path, model)
    loaded = head_at(path, monkeypatch)
    assert np.allclose(harmful_probability(queries, loaded), probability, atol=1e-5)


def test_domain_folds_never_split_a_domain_and_subset_keeps_each_rows_forms():
    from policy.train_semantic import domain_folds, subset

    domains = np.array([f"benign/family{i % 7}" for i in range(70)] + [f"hate/f{i % 3}" for i in range(30)])
    folds = domain_folds(domains, 5)
    for domain in set(domains.tolist()):
        assert len(set(folds[domains == domain].tolist())) == 1
    assert len(set(folds.tolist())) > 1
    # Two forms for every third row (a prompt and its leetspeak reading).
    owner = np.sort(np.concatenate([np.arange(100), np.arange(0, 100, 3)]))
    data = Embedded(np.arange(len(owner), dtype=float)[:, None], owner, np.array(["benign"] * 100))
    rows = folds == folds[0]
    part = subset(data, rows)
    assert len(part.labels) == rows.sum()
    assert part.x[:, 0].tolist() == [float(i) for i, row in enumerate(owner) if rows[row]]
    assert np.bincount(part.owner).tolist() == [2 if r % 3 == 0 else 1 for r in np.flatnonzero(rows)]


def test_a_cached_embedding_is_the_same_bits_as_a_fresh_one():
    from policy.train_semantic import embed_rows

    texts = ["a bowling alley at night", "a pl4te of p4sta", "a bowling alley at night, neon"]
    cache: dict[str, np.ndarray] = {}
    fresh, owner = embed_rows(texts, cache)
    again, _ = embed_rows(list(reversed(texts)), cache)  # read back from the cache, in another order
    reversed_rows = np.concatenate([np.flatnonzero(owner == i) for i in (2, 1, 0)])
    assert np.array_equal(again, fresh[reversed_rows])
    alone, _ = embed_rows(texts[2:])  # encoded afresh, with no other form in its batch
    assert np.array_equal(alone[0], fresh[-1])


def test_a_head_saved_over_a_base_scores_as_the_head_it_was_trained_as(tmp_path, monkeypatch):
    """The short head is written without the shipped head's exemplars and read back over them: it votes
    as the head that was fitted on all of them did, and refuses a base of another size."""
    from policy.moderators import semantic
    from policy.moderators.base import ModeratorError

    train, extra = synthetic(30, 70), synthetic(10, 40, seed=3)
    base = head_at_saved(tmp_path / "base.npz", fit(train, train, ["violence"]), monkeypatch)
    both = Embedded(
        np.vstack([train.x, extra.x]), np.arange(150), np.concatenate([train.labels, extra.labels])
    )
    fitted = fit(both, both, ["violence"])
    path = tmp_path / "short.npz"
    save_head(path, fitted, base=base)
    assert len(np.load(path)["exemplars"]) == 50  # only its own

    loaded = semantic._load(path, base=base)
    assert loaded.part_platt == base.part_platt and loaded.packaged == base.packaged  # its base's
    queries = synthetic(20, 20, seed=4).x.astype(np.float32)
    assert np.array_equal(loaded.labels, fitted.exemplar_labels)
    np.testing.assert_allclose(vote(queries, loaded), vote(queries, fitted), atol=1e-4)
    np.testing.assert_allclose(
        harmful_probability(queries, loaded), harmful_probability(queries, fitted), atol=1e-5
    )
    # Over another head, of another size or of the same size (fitted again, on other vectors): refused.
    for name, data in (("smaller", extra), ("same size", synthetic(30, 70, seed=9))):
        other = head_at_saved(tmp_path / f"{name}.npz", fit(data, data, ["violence"]), monkeypatch)
        assert len(other.labels) != len(base.labels) or name == "same size"
        with pytest.raises(ModeratorError, match="trained over another"):
            semantic._load(path, base=other)


def head_at_saved(path, model: Head, monkeypatch) -> Head:
    """`model` saved at `path` and loaded as the moderator loads the shipped head."""
    save_head(path, model)
    return head_at(path, monkeypatch)


def test_a_head_saves_the_scaling_of_its_parts_and_scores_parts_by_it(tmp_path, monkeypatch):
    """Each encoder and head scores fragments by its own amount: the parts' scaling is saved with the head
    (`part_calibration`) and a part's probability is read through the head that scored it."""
    from policy.moderators import semantic

    fitted = fit(synthetic(30, 70), synthetic(30, 70, seed=2), ["violence"])
    fitted = dataclasses.replace(fitted, part_platt=(1.5, -3.0))
    loaded = head_at_saved(tmp_path / "head.npz", fitted, monkeypatch)
    assert loaded.part_platt == pytest.approx((1.5, -3.0))
    p = np.array([0.2, 0.9, 0.99])
    expected = 1 / (1 + np.exp(-(1.5 * np.log(p / (1 - p)) - 3.0)))
    np.testing.assert_allclose(semantic.part_probability(p, loaded), expected, rtol=1e-6)
    identity = dataclasses.replace(loaded, part_platt=(1.0, 0.0))
    np.testing.assert_allclose(semantic.part_probability(p, identity), p, rtol=1e-6)


def test_the_shipped_heads_parts_scaling_is_what_training_fits_on_the_long_development_prompts():
    """`python -m policy.train_semantic` fits the parts' scaling on `policy/data/long_prompts_dev.jsonl`:
    the shipped head's is what that fit gives over the encoder built here (float noise aside), and a
    fragment is scaled down (a part needs a higher probability than a whole prompt to count as much)."""
    from policy.moderators.semantic import head, part_probability

    shipped = head()
    assert part_calibration(shipped) == pytest.approx(shipped.part_platt, abs=0.02)
    assert part_probability(np.array([0.9]), shipped)[0] < 0.9


def test_a_cache_of_one_encoders_embeddings_is_refused_for_another(tmp_path):
    from policy.train_semantic import load_cache, save_cache

    path = tmp_path / "cache.npz"
    save_cache(path, {"a cat": np.ones(4, dtype=np.float32)}, encoder_id="tuned")
    assert list(load_cache(path, "tuned")) == ["a cat"]
    with pytest.raises(SystemExit, match="another encoder"):
        load_cache(path, "packaged")
    save_cache(path, {"a cat": np.ones(4, dtype=np.float32)})  # a cache written without the encoder's id
    with pytest.raises(SystemExit, match="another encoder"):
        load_cache(path, "tuned")


def test_a_cache_is_written_into_a_folder_that_does_not_exist_yet(tmp_path):
    """`--cache var/tuned.npz` in a fresh clone: the folder is made, not a traceback after the embedding."""
    from policy.train_semantic import load_cache, save_cache

    path = tmp_path / "var" / "tuned.npz"
    save_cache(path, {"a cat": np.ones(4, dtype=np.float32)}, encoder_id="tuned")
    assert list(load_cache(path, "tuned")) == ["a cat"]
