// Command tlog_go checks an Assay transparency log with Go's own implementation of the primitives
// (golang.org/x/mod/sumdb/note and sumdb/tlog, as Debian's golang-golang-x-mod-dev 0.7.0 ships them),
// independently of Assay's Python code. tests/audit/test_tlog_go.py builds and runs it.
//
//	tlog_go log -vkey VKEY [-witness WKEY]... [-old CHECKPOINT] DIR
//	tlog_go proof -vkey VKEY [-witness WKEY]... -entry FILE PROOF
//
// `log` checks a log exported as C2SP tlog-tiles files (`assay audit export-tiles DIR`); `proof`
// checks a c2sp.org/tlog-proof@v1 file against the entry it proves. VKEY is the log's signed-note
// verifier key, WKEY a witness's cosignature/v1 verifier key (its cosignature must be on the
// checkpoint). Each check passed prints "ok ..."; the first that fails prints "FAIL: ..." on stderr
// and exits 1.
//
// Go's code is used unmodified, through small adapters: tlog-tiles paths drop sumdb's tile height and
// call data tiles "entries", tlog.ParseTree wants sumdb's "go.sum database tree" line where a C2SP
// checkpoint has its origin, and note has no cosignature/v1 verifier.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	tileHeight = 8 // C2SP tlog-tiles: 256 hashes a tile
	tileWidth  = 1 << tileHeight
)

type keyList []string

func (k *keyList) String() string     { return strings.Join(*k, ",") }
func (k *keyList) Set(s string) error { *k = append(*k, s); return nil }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func ok(format string, args ...interface{}) { fmt.Printf("ok   "+format+"\n", args...) }

func must(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

func readFile(path string) []byte {
	data, err := os.ReadFile(path)
	must(err, "read")
	return data
}

// ---- checkpoints: signed notes ----

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

// parseCheckpoint reads a note's text strictly as c2sp.org/tlog-checkpoint: origin, decimal size
// (no leading zero), canonical base64 of a 32-byte root, then optional non-empty extension lines.
func parseCheckpoint(text string) (checkpoint, error) {
	var c checkpoint
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if !strings.HasSuffix(text, "\n") || len(lines) < 3 || lines[0] == "" {
		return c, fmt.Errorf("not a checkpoint body: %q", text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return c, fmt.Errorf("bad size line %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize || base64.StdEncoding.EncodeToString(root) != lines[2] {
		return c, fmt.Errorf("bad root line %q", lines[2])
	}
	for _, extension := range lines[3:] {
		if extension == "" {
			return c, errors.New("empty extension line")
		}
	}
	c = checkpoint{origin: lines[0], size: size}
	copy(c.root[:], root)
	// Go's own parser agrees on the size and root once sumdb's first line stands in for the origin.
	tree, err := tlog.ParseTree([]byte("go.sum database tree\n" + lines[1] + "\n" + lines[2] + "\n"))
	if err != nil || tree.N != c.size || tree.Hash != c.root {
		return c, fmt.Errorf("tlog.ParseTree disagrees: %v", err)
	}
	return c, nil
}

// cosignatureVerifier is a note.Verifier for c2sp.org/tlog-cosignature (key type 0x04): the signature
// is an 8-byte big-endian timestamp and an Ed25519 signature of "cosignature/v1\ntime <t>\n" + text.
type cosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v cosignatureVerifier) Name() string    { return v.name }
func (v cosignatureVerifier) KeyHash() uint32 { return v.hash }
func (v cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	signed := fmt.Sprintf("cosignature/v1\ntime %d\n%s", binary.BigEndian.Uint64(sig[:8]), msg)
	return ed25519.Verify(v.key, []byte(signed), sig[8:])
}

func newCosignatureVerifier(vkey string) (cosignatureVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 || len(parts[1]) != 8 {
		return cosignatureVerifier{}, fmt.Errorf("malformed witness key %q", vkey)
	}
	hash, err := strconv.ParseUint(parts[1], 16, 32)
	key, err2 := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || err2 != nil || len(key) != 1+ed25519.PublicKeySize || key[0] != 0x04 {
		return cosignatureVerifier{}, fmt.Errorf("witness key %q is not a cosignature/v1 key", vkey)
	}
	// The key ID is the first 4 bytes of SHA-256(name || "\n" || type || key), as for Ed25519 keys.
	id := sha256.Sum256(append([]byte(parts[0]+"\n"), key...))
	if uint32(hash) != binary.BigEndian.Uint32(id[:4]) {
		return cosignatureVerifier{}, fmt.Errorf("witness key %q: wrong key ID", vkey)
	}
	return cosignatureVerifier{name: parts[0], hash: uint32(hash), key: key[1:]}, nil
}

// openCheckpoint verifies a checkpoint note with note.Open: the log's signature under vkey, whose
// name must be the origin, and a cosignature of each witness key.
func openCheckpoint(raw []byte, vkey string, witnessKeys []string) checkpoint {
	logKey, err := note.NewVerifier(vkey)
	must(err, "log key")
	verifiers := []note.Verifier{logKey}
	for _, witnessKey := range witnessKeys {
		verifier, err := newCosignatureVerifier(witnessKey)
		must(err, "witness key")
		verifiers = append(verifiers, verifier)
	}
	// note.Open fails on a signature that a known key does not verify, and when no known key signed;
	// every required key must still be checked to be among the verified signatures.
	opened, err := note.Open(raw, note.VerifierList(verifiers...))
	must(err, "checkpoint: note.Open")
	for _, verifier := range verifiers {
		found := false
		for _, sig := range opened.Sigs {
			found = found || (sig.Name == verifier.Name() && sig.Hash == verifier.KeyHash())
		}
		if !found {
			fail("checkpoint: no signature of %s+%08x", verifier.Name(), verifier.KeyHash())
		}
	}
	c, err := parseCheckpoint(opened.Text)
	must(err, "checkpoint")
	if c.origin != logKey.Name() {
		fail("checkpoint: origin %q, but signed by key %q", c.origin, logKey.Name())
	}
	ok("checkpoint of %s at size %d verifies (note.Open: log key and %d witness(es))", c.origin, c.size, len(witnessKeys))
	return c
}

// ---- tiles and entry bundles ----

// tilePath is Go's sumdb tile path in the C2SP tlog-tiles layout: tile/<L>/<N>[.p/<W>] without
// sumdb's height, and tile/entries/... for sumdb's tile/<H>/data/....
func tilePath(t tlog.Tile) string {
	path := strings.Replace(t.Path(), fmt.Sprintf("tile/%d/", t.H), "tile/", 1)
	return strings.Replace(path, "tile/data/", "tile/entries/", 1)
}

// dirTiles is a tlog.TileReader of an exported directory.
type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return tileHeight }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		body, err := os.ReadFile(filepath.Join(d.dir, tilePath(t)))
		if err != nil {
			return nil, err
		}
		if len(body) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s has %d bytes, not %d", tilePath(t), len(body), t.W*tlog.HashSize)
		}
		data[i] = body
	}
	return data, nil
}

func (dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// readEntries reads every entry bundle of a log of `size` entries: each entry a big-endian uint16
// length and its bytes, each bundle exactly as many entries as its width.
func readEntries(dir string, size int64) [][]byte {
	var entries [][]byte
	for index := int64(0); index*tileWidth < size; index++ {
		width := size - index*tileWidth
		if width > tileWidth {
			width = tileWidth
		}
		bundle := tlog.Tile{H: tileHeight, L: -1, N: index, W: int(width)}
		data := readFile(filepath.Join(dir, tilePath(bundle)))
		count := int64(0)
		for len(data) > 0 {
			if len(data) < 2 || len(data) < 2+int(binary.BigEndian.Uint16(data)) {
				fail("entry bundle %s: entry %d is cut short", tilePath(bundle), count)
			}
			length := 2 + int(binary.BigEndian.Uint16(data))
			entries = append(entries, data[2:length])
			data = data[length:]
			count++
		}
		if count != width {
			fail("entry bundle %s has %d entries, not %d", tilePath(bundle), count, width)
		}
	}
	return entries
}

// memoryTree holds every stored hash of a tree, in tlog.StoredHashIndex order.
type memoryTree []tlog.Hash

func (m memoryTree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		if index >= int64(len(m)) {
			return nil, fmt.Errorf("no stored hash %d", index)
		}
		hashes[i] = m[index]
	}
	return hashes, nil
}

func checkLog(args []string) {
	flags := flag.NewFlagSet("log", flag.ExitOnError)
	vkey := flags.String("vkey", "", "the log's verifier key")
	oldFile := flags.String("old", "", "an older checkpoint of the log, to check consistency with")
	var witnesses keyList
	flags.Var(&witnesses, "witness", "a witness's cosignature verifier key (repeatable)")
	must(flags.Parse(args), "arguments")
	dir := flags.Arg(0)

	c := openCheckpoint(readFile(filepath.Join(dir, "checkpoint")), *vkey, witnesses)
	if c.size == 0 {
		// RFC 6962's empty tree; Go's tlog.TreeHash(0) is all zeros instead.
		if c.root != tlog.Hash(sha256.Sum256(nil)) {
			fail("size 0, but the root is not SHA-256 of nothing")
		}
		ok("empty log")
		return
	}

	// 1. The tiles, read through tlog.TileHashReader, which checks each tile against the root.
	tiles := tlog.TileHashReader(tlog.Tree{N: c.size, Hash: c.root}, dirTiles{dir})
	root, err := tlog.TreeHash(c.size, tiles)
	must(err, "tlog.TreeHash over the tiles")
	if root != c.root {
		fail("the tiles give root %s, the checkpoint %s", root, c.root)
	}
	leafIndexes := make([]int64, c.size)
	for i := range leafIndexes {
		leafIndexes[i] = tlog.StoredHashIndex(0, int64(i))
	}
	leaves, err := tiles.ReadHashes(leafIndexes)
	must(err, "leaf hashes through tlog.TileHashReader")
	ok("tlog.TreeHash over the tiles (tlog.TileHashReader) is the checkpoint's root; %d leaves read", len(leaves))

	// 2. Each entry hashes to its leaf.
	entries := readEntries(dir, c.size)
	for i, entry := range entries {
		if tlog.RecordHash(entry) != leaves[i] {
			fail("entry %d hashes to %s, but its leaf in the tiles is %s", i, tlog.RecordHash(entry), leaves[i])
		}
	}
	ok("%d entries hash to their leaves", len(entries))

	// 3. The tree rebuilt from the entries alone. x/mod 0.7.0's TileHashReader does not check every
	// full tile against its parent in some tree shapes, so nothing below trusts it.
	var tree memoryTree
	for i, entry := range entries {
		hashes, err := tlog.StoredHashes(int64(i), entry, tree)
		must(err, "tlog.StoredHashes")
		tree = append(tree, hashes...)
	}
	root, err = tlog.TreeHash(c.size, tree)
	must(err, "tlog.TreeHash of the entries")
	if root != c.root {
		fail("the entries give root %s, the checkpoint %s", root, c.root)
	}
	ok("the tree rebuilt from the entries (tlog.StoredHashes, tlog.TreeHash) has the checkpoint's root")

	// 4. Every tile tlog-tiles defines at this size, byte for byte against the rebuilt tree.
	count := 0
	for level := 0; c.size>>(tileHeight*level) > 0; level++ {
		hashes := c.size >> (tileHeight * level)
		for index := int64(0); index*tileWidth < hashes; index++ {
			width := hashes - index*tileWidth
			if width > tileWidth {
				width = tileWidth
			}
			t := tlog.Tile{H: tileHeight, L: level, N: index, W: int(width)}
			want, err := tlog.ReadTileData(t, tree)
			must(err, "tlog.ReadTileData")
			if !bytes.Equal(readFile(filepath.Join(dir, tilePath(t))), want) {
				fail("tile %s differs from the tree rebuilt from the entries", tilePath(t))
			}
			count++
		}
	}
	ok("all %d tiles match the tree rebuilt from the entries", count)

	// 5. An inclusion proof of every entry checks against the signed root.
	for i, entry := range entries {
		proof, err := tlog.ProveRecord(c.size, int64(i), tree)
		must(err, "tlog.ProveRecord")
		must(tlog.CheckRecord(proof, c.size, c.root, int64(i), tlog.RecordHash(entry)), fmt.Sprintf("tlog.CheckRecord of entry %d", i))
	}
	ok("%d inclusion proofs (tlog.ProveRecord, tlog.CheckRecord)", len(entries))

	// 6. The older checkpoint is a prefix of this one.
	if *oldFile != "" {
		old := openCheckpoint(readFile(*oldFile), *vkey, nil)
		if old.origin != c.origin || old.size > c.size || old.size == 0 {
			fail("old checkpoint: %s at size %d against %s at size %d", old.origin, old.size, c.origin, c.size)
		}
		proof, err := tlog.ProveTree(c.size, old.size, tree)
		must(err, "tlog.ProveTree")
		must(tlog.CheckTree(proof, c.size, c.root, old.size, old.root), "tlog.CheckTree")
		ok("consistency from size %d to %d (tlog.ProveTree, tlog.CheckTree)", old.size, c.size)
	}
}

// checkProof checks a c2sp.org/tlog-proof@v1 file: "c2sp.org/tlog-proof@v1", an optional "extra"
// line, "index <N>", the inclusion proof's hashes, a blank line and the signed checkpoint.
func checkProof(args []string) {
	flags := flag.NewFlagSet("proof", flag.ExitOnError)
	vkey := flags.String("vkey", "", "the log's verifier key")
	entryFile := flags.String("entry", "", "the entry the proof proves")
	var witnesses keyList
	flags.Var(&witnesses, "witness", "a witness's cosignature verifier key (repeatable)")
	must(flags.Parse(args), "arguments")

	header, checkpointNote, found := strings.Cut(string(readFile(flags.Arg(0))), "\n\n")
	lines := strings.Split(header, "\n")
	if !found || lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("proof: not a c2sp.org/tlog-proof@v1 file")
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		fail("proof: no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || index < 0 || "index "+strconv.FormatInt(index, 10) != lines[0] {
		fail("proof: bad index line %q", lines[0])
	}
	var proof tlog.RecordProof
	for _, line := range lines[1:] {
		hash, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(hash) != tlog.HashSize {
			fail("proof: bad hash line %q", line)
		}
		var h tlog.Hash
		copy(h[:], hash)
		proof = append(proof, h)
	}
	c := openCheckpoint([]byte(checkpointNote), *vkey, witnesses)
	if index >= c.size {
		fail("proof: index %d is not in a tree of size %d", index, c.size)
	}
	leaf := tlog.RecordHash(readFile(*entryFile))
	must(tlog.CheckRecord(proof, c.size, c.root, index, leaf), "proof: tlog.CheckRecord")
	ok("the entry is leaf %d of the checkpoint's tree (tlog.CheckRecord)", index)
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: tlog_go log|proof ...")
	}
	switch os.Args[1] {
	case "log":
		checkLog(os.Args[2:])
	case "proof":
		checkProof(os.Args[2:])
	default:
		fail("unknown command %q", os.Args[1])
	}
}
