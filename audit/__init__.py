"""The append-only, hash-chained audit log: record, verify, checkpoint, export and search."""
