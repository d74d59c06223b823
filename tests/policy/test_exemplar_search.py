"""The exemplar search reads int8 codes and still answers exactly as the float32 product would: the
quantisation bound only chooses which exemplars to score again, never the answer."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from policy.exemplar_search import _ROWS, SCALE, ExemplarSearch, JoinedSearch, model


def unit(rows: int, rng: np.random.Generator, dimension: int = 384) -> np.ndarray:
    x = rng.standard_normal((rows, dimension)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def float32_nearest(embeddings: np.ndarray, exemplars: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(embeddings @ exemplars.T), axis=1, kind="stable")[:, :k]


def codes_of(x: np.ndarray) -> np.ndarray:
    return (np.round(x * SCALE) / SCALE).astype(np.float32)


def test_nearest_are_the_float32_nearest_in_order():
    rng = np.random.default_rng(0)
    exemplars = codes_of(unit(5000, rng))
    embeddings = unit(40, rng)
    index, similarity = ExemplarSearch(exemplars).nearest(embeddings, 25)
    np.testing.assert_array_equal(index, float32_nearest(embeddings, exemplars, 25))
    np.testing.assert_allclose(similarity, np.take_along_axis(embeddings @ exemplars.T, index, 1), atol=1e-6)


def test_exemplars_with_large_components_are_searched_exactly():
    """Vectors of a few dimensions have components near 1: coded at 127 they would push the u8 x s8
    product's 16-bit pair sums past their limit (onnxruntime 1.32 on AVX2 answered 2,313 too small), so
    they are coded in 7 bits and the bound widens; the answer is still the float32 search's."""
    rng = np.random.default_rng(4)
    exemplars = codes_of(unit(150, rng, dimension=8))
    embeddings = unit(40, rng, dimension=8)
    exemplars[:, 0] += 1.5  # one component leads, as harmful rows of the training tests' data do
    exemplars /= np.linalg.norm(exemplars, axis=1, keepdims=True)
    search = ExemplarSearch(exemplars)
    assert np.abs(search._codes).max() <= 63
    index, similarity = search.nearest(embeddings, 25)
    np.testing.assert_array_equal(index, float32_nearest(embeddings, exemplars, 25))
    np.testing.assert_allclose(similarity, np.take_along_axis(embeddings @ exemplars.T, index, 1), atol=1e-6)


def test_more_rows_than_one_product_takes():
    """A training split is searched a slice of rows at a time; every row still gets its own answer."""
    rng = np.random.default_rng(5)
    exemplars = codes_of(unit(2000, rng))
    embeddings = unit(_ROWS * 2 + 7, rng)
    index, _ = ExemplarSearch(exemplars).nearest(embeddings, 25)
    np.testing.assert_array_equal(index, float32_nearest(embeddings, exemplars, 25))


def test_a_crowd_the_codes_cannot_order_is_ordered_as_the_float32_search_orders_it():
    """Hundreds of exemplars within a fraction of the int8 step of each other and of the query (many of
    them the same codes): ties and near-ties come out in the float32 search's order."""
    rng = np.random.default_rng(1)
    centre = unit(1, rng)[0]
    crowd = centre + 0.002 * unit(300, rng)
    crowd = codes_of(crowd / np.linalg.norm(crowd, axis=1, keepdims=True))
    exemplars = np.concatenate([codes_of(unit(3000, rng)), crowd])
    embeddings = np.stack([centre, (centre + 0.01 * unit(1, rng)[0])]).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    index, _ = ExemplarSearch(exemplars).nearest(embeddings, 25)
    np.testing.assert_array_equal(index, float32_nearest(embeddings, exemplars, 25))
    assert (index >= 3000).all()  # all from the crowd


def test_exemplars_that_are_not_int8_codes_are_still_searched_exactly():
    """A head being trained may pass embeddings as they are: the bound widens by how far they lie from
    their codes. Here one exemplar in 20 lies just under half a step above its codes towards the query
    and the rest just under half a step below: the codes rank the few ~0.12 too low against the rest."""
    rng = np.random.default_rng(2)
    query = unit(1, rng)
    shift = rng.choice([-0.49, 0.49], size=(4000, 1), p=[0.95, 0.05]) * np.sign(query) / SCALE
    codes = codes_of(unit(4000, rng))
    exemplars = (codes + shift).astype(np.float32)
    search = ExemplarSearch(exemplars)
    assert np.array_equal(search._codes.T, np.round(codes * SCALE))  # the codes the shift kept
    index, _ = search.nearest(query, 10)
    np.testing.assert_array_equal(index, float32_nearest(query, exemplars, 10))


@pytest.mark.parametrize(("rows", "count", "k"), [(0, 50, 5), (3, 4, 25), (2, 1, 1), (2, 30, 30)])
def test_no_rows_and_fewer_exemplars_than_asked_for(rows, count, k):
    rng = np.random.default_rng(3)
    exemplars = codes_of(unit(count, rng, 8))
    embeddings = unit(rows, rng, 8)
    index, similarity = ExemplarSearch(exemplars).nearest(embeddings, k)
    assert index.shape == similarity.shape == (rows, min(k, count))
    np.testing.assert_array_equal(index, float32_nearest(embeddings, exemplars, k))


def test_a_zero_embedding_is_answered():
    rng = np.random.default_rng(4)
    exemplars = codes_of(unit(100, rng))
    index, similarity = ExemplarSearch(exemplars).nearest(np.zeros((1, 384), np.float32), 5)
    assert index.shape == (1, 5) and np.all(similarity == 0)


def test_the_hand_written_model_is_what_onnx_would_write():
    """The bytes parse with onnx's own parser into the model `onnx.helper` builds."""
    exemplars = TensorProto(name="exemplars", data_type=TensorProto.INT8, dims=[384, 1000])
    exemplars.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "exemplars"), ("offset", "0"), ("length", "384000")):
        exemplars.external_data.add(key=key, value=value)
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["embedding", "exemplars", "zero"], ["product"])],
        "exemplar_search",
        [helper.make_tensor_value_info("embedding", TensorProto.UINT8, ["rows", 384])],
        [helper.make_tensor_value_info("product", TensorProto.INT32, ["rows", 1000])],
        initializer=[exemplars, numpy_helper.from_array(np.array(128, dtype=np.uint8), "zero")],
    )
    expected = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    expected.ir_version = 8
    assert onnx.load_from_string(model(384, 1000)) == expected


@pytest.mark.parametrize(("first", "second", "k"), [(300, 120, 25), (40, 3, 25), (5, 300, 25)])
def test_a_joined_search_is_one_search_over_both(first, second, k):
    """The short head's search: the shipped exemplars then its own, without a copy of the first."""
    rng = np.random.default_rng(7)
    a, b = codes_of(unit(first, rng)), codes_of(unit(second, rng))
    b[0] = a[0]  # the same exemplar in both: a query on it finds both first
    both = np.vstack([a, b])
    queries = np.vstack([unit(30, rng), a[:1]])
    index, similarity = JoinedSearch(ExemplarSearch(a), ExemplarSearch(b)).nearest(queries, k)
    _, whole_similarity = ExemplarSearch(both).nearest(queries, k)
    assert index.shape == similarity.shape == (len(queries), k)
    # The k nearest of both, nearest first (an exact tie may come in either order: float32 sums).
    np.testing.assert_allclose(similarity, whole_similarity, atol=1e-6)
    exact = np.einsum("rkd,rd->rk", both[index].astype(np.float64), queries.astype(np.float64))
    np.testing.assert_allclose(similarity, exact, atol=1e-6)
    assert all(len(set(row)) == k for row in index.tolist())
    assert set(index[-1, :2].tolist()) == {0, first}
