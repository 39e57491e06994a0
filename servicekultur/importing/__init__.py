"""Bringing existing texts over: WordPress exports (posts, pages, media, comments → feedback) and
saved blog pages, converted to Markdown drafts with an import report.

Importing depends on ``content``, ``redirects`` and ``feedback``; nothing but ``tasks.py``
depends on importing.
"""
