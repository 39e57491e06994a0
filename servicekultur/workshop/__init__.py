"""Checklists in workshops: scoring bands, short links, aliases and redirects, QR codes, handouts,
workshop sets. Shared by the build (plugins/kb_workshop) and the ``invoke handout`` task."""
