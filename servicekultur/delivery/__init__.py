"""Delivery to readers: content-hashed theme assets, precompressed files, encoding negotiation,
the page outline for the table of contents, and the page budgets (bytes over the wire).

Pure functions and files, no HTTP: the build (``plugins/kb_delivery``) writes hashed assets and
``.br``/``.gz`` files; the service (``servicekultur/web/static.py``) picks what to send.
"""
