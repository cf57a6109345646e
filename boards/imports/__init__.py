"""CSV import: upload, sniff, map, run as a job in batches, report, undo (docs/imports.md)."""
