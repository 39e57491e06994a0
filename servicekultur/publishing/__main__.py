"""Entry point of ``python -m servicekultur.publishing`` (the build worker)."""

from servicekultur.publishing.main import main

main()
