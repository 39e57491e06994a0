"""Pelican settings for publishing: pelicanconf plus overrides."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The address readers use; `KB_PUBLIC_URL=https://… invoke publish` overrides it.
KB_PUBLIC_URL = "https://servicekultur.example"
KB_ABSOLUTE_URLS = True  # SITEURL = KB_PUBLIC_URL: links, feeds and sitemap are absolute
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
KB_STRICT = True
KB_PRECOMPRESS = "alle"  # .br/.gz beside every text file, for static web servers
# Drafts are never published: no page, no feed, sitemap or search entry, no link target.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
