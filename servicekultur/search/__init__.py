"""German full-text search: analysis, index writing at build time, searching in the service."""
