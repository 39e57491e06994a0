"""Benchmarks: a synthetic German corpus and the timing harnesses of `invoke bench.*`."""
