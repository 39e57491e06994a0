"""Entry point of ``python -m servicekultur.authoring.preview``."""

from servicekultur.authoring.preview.main import main

main()
