"""Pelican settings for the Servicekultur-Wissensbasis (development build)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # the domain package, when Pelican is started from elsewhere
    sys.path.insert(0, str(ROOT))

from servicekultur.content.slugs import PELICAN_SLUG_SUBSTITUTIONS, markdown_slugify  # noqa: E402
from servicekultur.content.templates import TEMPLATE_CODE  # noqa: E402

AUTHOR = "Redaktion Servicekultur"
SITENAME = "Servicekultur-Wissensbasis"
SITESUBTITLE = "Fairness zwischen Kunden und Dienstleistern – Wissen, Fälle, Checklisten"
SITEURL = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE = "fs"
DEFAULT_CATEGORY = "Allgemein"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
SLUGIFY_USE_UNICODE = True  # so the German substitutions below run before any ASCII folding
SLUG_REGEX_SUBSTITUTIONS = PELICAN_SLUG_SUBSTITUTIONS
CATEGORY_REGEX_SUBSTITUTIONS = PELICAN_SLUG_SUBSTITUTIONS
TAG_REGEX_SUBSTITUTIONS = PELICAN_SLUG_SUBSTITUTIONS
AUTHOR_REGEX_SUBSTITUTIONS = PELICAN_SLUG_SUBSTITUTIONS

ARTICLE_PATHS = ["artikel", "fallgeschichten", "checklisten"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "dateien"]  # dateien/: PDFs and other files (e.g. imported)
ARTICLE_URL = "{kb_type}/{slug}/"
ARTICLE_SAVE_AS = "{kb_type}/{slug}/index.html"
DRAFT_URL = "entwuerfe/{slug}/"
DRAFT_SAVE_AS = "entwuerfe/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "kategorie/{slug}/"
CATEGORY_SAVE_AS = "kategorie/{slug}/index.html"
TAG_URL = "schlagwort/{slug}/"
TAG_SAVE_AS = "schlagwort/{slug}/index.html"
AUTHOR_URL = "autor/{slug}/"
AUTHOR_SAVE_AS = "autor/{slug}/index.html"
CATEGORIES_SAVE_AS = "kategorien/index.html"
TAGS_SAVE_AS = "schlagwoerter/index.html"
AUTHORS_SAVE_AS = "autoren/index.html"
ARCHIVES_SAVE_AS = "archiv/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "404"]
TEMPLATE_PAGES = {}
PAGINATED_TEMPLATES = {"tag": 20, "category": 20, "author": 20, "overview": 20}
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# Feeds need absolute links: the build sets FEED_DOMAIN to KB_PUBLIC_URL when it starts (this
# value only keeps Pelican from warning while it reads the settings).
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/alle.atom.xml"
CATEGORY_FEED_ATOM = "feeds/kategorie-{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"slugify": markdown_slugify},
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
    },
    "output_format": "html5",
}
# auto_reload off: a build loads each template once instead of checking its file on every
# include (the live preview starts a fresh build when the theme changes). bytecode_cache: the
# generators' environments share what they compiled (servicekultur/content/templates.py).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
    "bytecode_cache": TEMPLATE_CODE,
}
LOG_FILTER = [(30, "Unable to find '%s', skipping url replacement.")]

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["kb_content", "kb_workshop"]  # kb_content writes sitemap.xml

MENUITEMS = (
    ("Artikel", "/artikel/"),
    ("Fallgeschichten", "/fallgeschichten/"),
    ("Checklisten", "/checklisten/"),
    ("Glossar", "/glossar/"),
)
FOOTER_LINKS = (
    ("Über uns", "/ueber-uns/"),
    ("Impressum", "/impressum/"),
    ("Datenschutz", "/datenschutz/"),
    ("Archiv", "/archiv/"),
    ("Atom-Feed", "/feeds/alle.atom.xml"),
)
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Our own settings (KB_*) are declared in servicekultur/config/catalog/ and documented in
# docs/einstellungen.md; set one here only to override its default (the environment wins).

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False

# Feedback (plugins/kb_feedback): approved reader feedback rendered into the pages.
PLUGINS = [*PLUGINS, "kb_feedback"]
FOOTER_LINKS = (*FOOTER_LINKS, ("Feedback", "/feedback/"))

# Workshops (plugins/kb_workshop): named Workshop-Sets for `invoke handout --set NAME` and
# /workshop/set/NAME/; entries are "checklisten-slug" or "checklisten-slug:punkt-id".
KB_WORKSHOP_SETS = {
    "angebote-fair-beantworten": {
        "title": "Workshop: Angebote fair einholen und beantworten",
        "items": [
            "faires-angebotsverfahren",
            "rueckmeldung-innerhalb-48-stunden",
        ],
    },
}
# Authoring (issue 6): redirect pages for old URLs listed in content/redirects.json.
PLUGINS = [*PLUGINS, "kb_redirects"]

# Search (plugins/kb_search): the German search index in var/index and „Mehr zum Thema“.
PLUGINS = [*PLUGINS, "kb_search"]

# Delivery (plugins/kb_delivery): hashed theme file names, page outline, .br/.gz files.
PLUGINS = [*PLUGINS, "kb_delivery"]
