"""Every module of the domain package imports: a renamed helper breaks the suite, not a
benchmark run weeks later (the benchmarks themselves are too slow for the suite)."""

from __future__ import annotations

import importlib
import pkgutil

import servicekultur


def test_every_module_of_the_package_imports():
    failed = []
    for module in pkgutil.walk_packages(servicekultur.__path__, "servicekultur."):
        if module.name.endswith("__main__"):
            continue  # runs its program when imported
        try:
            importlib.import_module(module.name)
        except Exception as error:
            failed.append(f"{module.name}: {type(error).__name__}: {error}")
    assert not failed, "\n".join(failed)
