"""The one package that depends on Whoosh's internals: the schema, posting blocks and segments
written straight from arrays, postings read back block by block, and the on-disk layout of a
generation. A Whoosh upgrade breaks here or nowhere; the equivalence tests that pin this package
to Whoosh's own writer and matchers are ``tests/test_search_store_*.py``."""
