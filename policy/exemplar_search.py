"""The semantic moderator's nearest-exemplar search: exact, on an int8 product.

The exemplars are stored as int8 codes (`round(x * 127)`), ~45,000 of them. Reading them as float32 for
every prompt means 68 MB through memory per search (3-7 ms of one core on a quiet machine, more on a busy
one). The search reads the codes instead: the prompt's embedding is quantised too, ONNX Runtime's
u8 x s8 integer product (`MatMulInteger`, its packed kernels) gives every similarity to within a bound the
quantisation error sets (Cauchy-Schwarz), and only the exemplars that bound cannot rule out of the nearest
`k` are scored again in float32 (~35 of them). The answer is the float32 search's, not an approximation.

The product's exemplar codes stay within 7 bits (`_CODE_LIMIT`): the u8 x s8 kernels of AVX2 without
VNNI add pairs of products in 16 bits, which saturate past 255 x 64 x 2 (onnxruntime 1.32 gave
products 2,313 too small on 8-dimensional test vectors). The shipped heads' codes are at most 37 (a
unit vector of 384 numbers has no large one), so they are searched as stored; exemplars with a larger
component are coded at a smaller scale, and the bound widens to match.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

SCALE = 127.0  # an exemplar's code is round(x * SCALE); an embedding's, round(x / (max|x| / SCALE))
_ZERO = 128  # the embedding's codes are stored as uint8 with this zero point (u8 x s8: the fast kernels)
_SLACK = 1e-5  # float32 rounding of the exact similarities, beside the quantisation bound
_ROWS = 256  # embeddings searched at a time: (256 x 45,000) int32 and float32 similarities, ~90 MB
_CODE_LIMIT = 63  # the largest exemplar code the product sees: 255 x 63 x 2 fits in 16 bits


class ExemplarSearch:
    """The `k` nearest of `exemplars` (n, d) float32 by dot product. The shipped head's are int8 codes /
    SCALE; other values (a head being trained) are searched as exactly, with a wider bound."""

    def __init__(self, exemplars: np.ndarray) -> None:
        self.exemplars = exemplars
        self._codes = np.empty(exemplars.shape[::-1], dtype=np.int8)  # (d, n): the product's right side
        # An exemplar's code is round(x * scale): SCALE, or less where a component would pass the limit.
        largest = float(np.abs(exemplars).max()) if exemplars.size else 0.0
        self._scale = SCALE if largest * SCALE <= _CODE_LIMIT + 0.5 else _CODE_LIMIT / largest
        self._norm = self._residual = 0.0  # the largest |code / scale|, and |exemplar - code / scale|
        for start in range(0, len(exemplars), 4096):  # a chunk at a time: no float32 copy of them all
            chunk = exemplars[start : start + 4096]
            codes = np.clip(np.round(chunk * self._scale), -_CODE_LIMIT, _CODE_LIMIT)
            self._codes[:, start : start + len(chunk)] = codes.T
            self._norm = max(self._norm, float(np.linalg.norm(codes / self._scale, axis=1).max()))
            self._residual = max(
                self._residual, float(np.linalg.norm(chunk - codes / self._scale, axis=1).max())
            )
        self._session = None
        self._lock = threading.Lock()

    def nearest(self, embeddings: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, similarities), (rows, k) each, nearest first."""
        k = min(k, len(self.exemplars))
        index = np.empty((len(embeddings), k), dtype=np.int64)
        similarity = np.empty((len(embeddings), k), dtype=np.float32)
        if k:
            for start in range(0, len(embeddings), _ROWS):  # a training split: memory stays bounded
                rows = slice(start, start + _ROWS)
                index[rows], similarity[rows] = self._nearest(embeddings[rows], k)
        return index, similarity

    def _nearest(self, embeddings: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        step = np.abs(embeddings).max(axis=1, keepdims=True) / SCALE
        step[step == 0] = 1.0
        codes = np.round(embeddings / step)
        approximate = self._product(codes).astype(np.float32) * (step / self._scale)
        # exact - approximate = embedding . (exemplar - code / scale) + (embedding - its codes' value) .
        # code / scale, each bounded by Cauchy-Schwarz (the first is 0 for the shipped exemplars).
        bound = (
            np.linalg.norm(embeddings, axis=1) * self._residual
            + np.linalg.norm(embeddings - codes * step, axis=1) * self._norm
            + _SLACK
        )
        kth = np.partition(approximate, -k, axis=1)[:, -k]
        index = np.empty((len(embeddings), k), dtype=np.int64)
        similarity = np.empty((len(embeddings), k), dtype=np.float32)
        for row in range(len(embeddings)):
            # k exemplars score >= kth - bound exactly, so each of the true k nearest scores at least
            # that, and approximately at least kth - 2 x bound: no other exemplar can be one of them.
            candidates = np.flatnonzero(approximate[row] >= kth[row] - 2 * bound[row])
            exact = self.exemplars[candidates] @ embeddings[row]
            best = np.argsort(-exact, kind="stable")[:k]
            index[row], similarity[row] = candidates[best], exact[best]
        return index, similarity

    def load(self) -> Any:
        """The product's ONNX Runtime session, made on first use."""
        with self._lock:
            if self._session is None:
                self._session = _session(self._codes)
            return self._session

    def _product(self, codes: np.ndarray) -> np.ndarray:
        (product,) = self.load().run(None, {"embedding": (codes + _ZERO).astype(np.uint8)})
        return product


class JoinedSearch:
    """Two searches as one, over `first`'s exemplars followed by `second`'s: the short-prompt head's
    exemplars are the shipped head's and its own (`policy.moderators.semantic.short_head`), and this
    finds their nearest without a second copy of the shipped ones. Equal similarities come first from
    `first`; an exact tie across the two may differ in the last float32 bit, as within one search."""

    def __init__(self, first: ExemplarSearch, second: ExemplarSearch) -> None:
        self.first, self.second = first, second
        self._offset = len(first.exemplars)

    def nearest(self, embeddings: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, similarities), (rows, k) each, nearest first."""
        first_index, first_similarity = self.first.nearest(embeddings, k)
        second_index, second_similarity = self.second.nearest(embeddings, k)
        index = np.hstack([first_index, second_index + self._offset])
        similarity = np.hstack([first_similarity, second_similarity])
        best = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(index, best, axis=1), np.take_along_axis(similarity, best, axis=1)

    def load(self) -> None:
        self.first.load()
        self.second.load()


def _session(codes: np.ndarray) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # request threads run in parallel beside it, like the encoder's
    options.inter_op_num_threads = 1
    # The codes are handed over as they lie in memory (an external initializer), not copied into the
    # model: ONNX Runtime packs them once (~17 MB) and the session is made in ~50 ms.
    options.add_external_initializers(["exemplars"], [onnxruntime.OrtValue.ortvalue_from_numpy(codes)])
    return onnxruntime.InferenceSession(model(*codes.shape), options, providers=["CPUExecutionProvider"])


# The model, written as protobuf by hand: importing `onnx` to build it would cost the web process ~1.2 s
# and a dependency. Field numbers are onnx.proto's; tests/policy/test_exemplar_search.py parses the bytes
# with `onnx` and compares them with the model `onnx.helper` builds.
_INT8, _UINT8, _INT32, _EXTERNAL = 3, 2, 6, 1


def model(dimension: int, count: int) -> bytes:
    """ONNX model: product (rows, count) int32 = MatMulInteger(embedding (rows, dimension) uint8,
    exemplars (dimension, count) int8, an external initializer; zero point 128)."""
    node = b"".join(
        [*(_text(1, name) for name in ("embedding", "exemplars", "zero")), _text(2, "product")]
    ) + _text(4, "MatMulInteger")
    location = {"location": "exemplars", "offset": "0", "length": str(dimension * count)}
    exemplars = b"".join(
        [
            _int(1, dimension),
            _int(1, count),
            _int(2, _INT8),
            _text(8, "exemplars"),
            *(_bytes(13, _text(1, key) + _text(2, value)) for key, value in location.items()),
            _int(14, _EXTERNAL),
        ]
    )
    zero = _int(2, _UINT8) + _text(8, "zero") + _bytes(9, bytes([_ZERO]))
    graph = b"".join(
        [
            _bytes(1, node),
            _text(2, "exemplar_search"),
            _bytes(5, exemplars),
            _bytes(5, zero),
            _bytes(11, _tensor_info("embedding", _UINT8, ["rows", dimension])),
            _bytes(12, _tensor_info("product", _INT32, ["rows", count])),
        ]
    )
    return _int(1, 8) + _bytes(8, _text(1, "") + _int(2, 13)) + _bytes(7, graph)  # IR 8, opset 13


def _tensor_info(name: str, element: int, shape: list[str | int]) -> bytes:
    dims = b"".join(_bytes(1, _text(2, d) if isinstance(d, str) else _int(1, d)) for d in shape)
    return _text(1, name) + _bytes(2, _bytes(1, _int(1, element) + _bytes(2, dims)))


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes([*out, value])


def _int(field_number: int, value: int) -> bytes:
    return _varint(field_number << 3) + _varint(value)


def _bytes(field_number: int, value: bytes) -> bytes:
    return _varint(field_number << 3 | 2) + _varint(len(value)) + value


def _text(field_number: int, value: str) -> bytes:
    return _bytes(field_number, value.encode())
