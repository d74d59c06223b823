"""Reading a transparency log from outside: its checkpoint and tiles, from a folder or over HTTP.

A monitor or a witness holds nothing but signed checkpoints; the tiles it reads here are untrusted
until a proof computed from them rebuilds a signed root (audit.merkle.verify_consistency), so a source
that serves wrong tiles makes a check fail, never pass. Two sources:

- `DirectoryTiles`: a folder in the C2SP tlog-tiles layout (`checkpoint`, `tile/...`), as written by
  `assay audit export-tiles`, an export's `log/` folder, or a copy of a bucket that serves them;
- `HttpTiles`: a URL prefix such as `https://assay.example/v1/audit/log/<tenant>/`, with an auditor's
  API key (scope `audit:read`) sent as a bearer token.

Pure Python (standard library and audit.merkle): it runs on an auditor's laptop without Django.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from audit.merkle import (
    HASH_SIZE,
    MAX_ENTRY_SIZE,
    TILE_HEIGHT,
    TILE_WIDTH,
    ProofError,
    SubtreeHashes,
    node_hash,
    tile_path,
)

# tlog-tiles: a checkpoint is small, a tile at most 256 hashes; larger answers are refused.
_MAX_CHECKPOINT = 1 << 20
_MAX_TILE = TILE_WIDTH * HASH_SIZE


class SourceError(OSError):
    """The source cannot be read (missing file, HTTP error, unreachable); the message says which."""


class TileSource(Protocol):
    description: str

    def read(self, path: str, limit: int) -> bytes:
        """The file at `path` (`checkpoint`, `tile/...`); SourceError when it cannot be read."""
        ...


class DirectoryTiles:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = str(root)

    def read(self, path: str, limit: int) -> bytes:
        file = self.root / path
        try:
            with file.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise SourceError(f"{file} cannot be read: {exc.strerror}") from exc
        if len(data) > limit:
            raise SourceError(f"{file} is larger than {limit} bytes: not a tlog-tiles file")
        return data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """tlog-tiles resources never redirect; following one would also hand the API key to another URL."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class HttpTiles:
    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.description = self.base_url
        self._token = token
        self._timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect)

    def read(self, path: str, limit: int) -> bytes:
        url = self.base_url + path
        request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})  # noqa: S310 (http(s) given by the operator)
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                data = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            hint = " (is the API key an auditor's, with audit:read?)" if exc.code in (401, 403) else ""
            raise SourceError(f"GET {url} answered {exc.code}{hint}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SourceError(f"GET {url} failed: {getattr(exc, 'reason', exc)}") from exc
        if len(data) > limit:
            raise SourceError(f"GET {url} answered more than {limit} bytes: not a tlog-tiles file")
        return data


def source_for(location: str, token: str | None = None) -> TileSource:
    """An HTTP(S) URL prefix, or a folder."""
    if location.startswith(("http://", "https://")):
        return HttpTiles(location, token)
    return DirectoryTiles(Path(location))


def read_checkpoint(source: TileSource) -> str:
    data = source.read("checkpoint", _MAX_CHECKPOINT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"the checkpoint of {source.description} is not UTF-8 text") from None


def tree_hashes(source: TileSource, size: int) -> SubtreeHashes:
    """The hashes of the tree of `size` leaves, read from the source's tiles of that size.

    A full tile is checked as it is read: its 256 hashes must fold to the hash its parent tile holds
    for it (ProofError otherwise). Partial tiles and the top are what a root is computed from, so once
    `root(size)` matches a signed root, every hash this object gives is the signed tree's.
    """

    def read(level: int, first: int, count: int) -> list[bytes]:
        index = first // TILE_WIDTH
        width = min(TILE_WIDTH, (size >> level) - index * TILE_WIDTH)
        if width <= 0:
            return []
        path = tile_path(level // TILE_HEIGHT, index, None if width == TILE_WIDTH else width)
        data = source.read(path, _MAX_TILE)
        if len(data) != width * HASH_SIZE:
            raise ProofError(
                f"{path} of {source.description} holds {len(data)} bytes, not {width * HASH_SIZE}"
            )
        tile = [data[offset : offset + HASH_SIZE] for offset in range(0, len(data), HASH_SIZE)]
        if width == TILE_WIDTH and _fold(tile) != hashes.node(level + TILE_HEIGHT, index):
            raise ProofError(
                f"{path} of {source.description} does not hash to the node its parent tile holds for it: "
                "the tiles are inconsistent (damaged or substituted)"
            )
        return tile

    hashes = SubtreeHashes(read)
    return hashes


def read_entry_bundle(source: TileSource, index: int, width: int) -> list[bytes]:
    """The `width` entries of entry bundle `index` (`tile/entries/<index>[.p/<width>]`): each is a
    big-endian uint16 length and that many bytes. ProofError when the bundle is not `width` entries."""
    path = tile_path(None, index, None if width == TILE_WIDTH else width)
    data = source.read(path, width * (2 + MAX_ENTRY_SIZE))
    entries: list[bytes] = []
    offset = 0
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 2], "big")
        if offset + 2 + length > len(data):
            raise ProofError(f"{path} of {source.description} ends inside entry {len(entries)}")
        entries.append(data[offset + 2 : offset + 2 + length])
        offset += 2 + length
    if len(entries) != width:
        raise ProofError(f"{path} of {source.description} holds {len(entries)} entries, not {width}")
    return entries


def _fold(layer: list[bytes]) -> bytes:
    while len(layer) > 1:
        layer = [node_hash(layer[i], layer[i + 1]) for i in range(0, len(layer), 2)]
    return layer[0]


def consistency_proof_from_tiles(source: TileSource, old_size: int, new_size: int) -> list[bytes]:
    """A consistency proof from `old_size` to `new_size`, computed from the source's tiles (untrusted:
    verify it against both signed roots)."""
    return tree_hashes(source, new_size).consistency_proof(old_size, new_size)
