"""Provenance: watermark, disclosure labels, C2PA signing and reading, verification."""
