"""Pelican settings for publishing: pelicanconf plus overrides."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("KB_SITEURL", "https://servicekultur.example")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
KB_STRICT = True
