"""Answering searches in the service: query parsing, expansion, NumPy scoring, facets, snippets."""
