"""HTML from WordPress or a scraped page → clean Markdown: boilerplate out, headings shifted.

BeautifulSoup removes what is not the text (share buttons, comment forms, login prompts, channel
promos, scripts, WordPress block comments and shortcodes); markdownify writes the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "iframe",
    "svg",
    "nav",
    "aside",
    "footer",
    "template",
    "link",
    "meta",
)
# Class or id fragments of WordPress plugins and themes that wrap non-content.
BOILERPLATE_MARKERS = (
    "sharedaddy",
    "sd-sharing",
    "sd-like",
    "share",
    "social",
    "jp-relatedposts",
    "related-posts",
    "comment-respond",
    "comments-area",
    "comment-form",
    "newsletter",
    "subscribe",
    "cookie",
    "login",
    "widget",
    "sidebar",
    "breadcrumb",
    "post-navigation",
    "nav-links",
    "wpcnt",
    "advert",
    "promo",
    "skip-link",
    "screen-reader-text",
    "entry-footer",
    "author-box",
)
# Whole blocks whose text starts like this are boilerplate (German and English WordPress).
BOILERPLATE_TEXT = re.compile(
    r"^\s*(kommentar verfassen|hinterlasse einen kommentar|schreibe einen kommentar|"
    r"melde dich an|du musst angemeldet sein|anmelden, um|"
    r"teilen mit|teile dies|diesen beitrag teilen|"
    r"gefällt mir|like this|share this|abonniere|jetzt abonnieren|folge uns|folgt uns|"
    r"unser(en)? (youtube|whatsapp|telegram)[- ]kanal|newsletter|ähnliche beiträge|related|"
    r"zum inhalt springen|beitrags-navigation|"
    r"diese website verwendet cookies|wir verwenden cookies|"
    r"lade…|loading…|werbung|anzeige\b|©|copyright)",
    re.IGNORECASE,
)
SHORTCODE = re.compile(
    r"\[/?(?:caption|gallery|embed|video|audio|playlist|contact-form(?:-7)?|wpforms|"
    r"jetpack[_-]\w+|vc_\w+|et_pb_\w+|fusion_\w+|su_\w+|sharing|ninja_forms?)\b[^\]]*\]",
    re.IGNORECASE,
)
_MANY_BLANKS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass
class Converted:
    """Markdown of one text plus what the author should know about the conversion."""

    markdown: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)
    removed: list[str] = field(default_factory=list)


def _is_boilerplate(tag: Tag) -> bool:
    names = " ".join([*(tag.get("class") or []), tag.get("id") or ""]).lower()
    if names and any(marker in names for marker in BOILERPLATE_MARKERS):
        return True
    if tag.name in ("p", "div", "section", "h2", "h3", "h4", "ul", "span", "li"):
        text = tag.get_text(" ", strip=True)
        return bool(text) and len(text) < 200 and bool(BOILERPLATE_TEXT.match(text))
    return False


def clean_soup(soup: BeautifulSoup) -> list[str]:
    """Remove boilerplate in place; returns short descriptions of what went out."""
    removed: list[str] = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        removed.append(f"<{tag.name}>")
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_boilerplate(tag):
            removed.append(tag.get_text(" ", strip=True)[:60] or f"<{tag.name}>")
            tag.decompose()
    for text in soup.find_all(string=SHORTCODE):
        text.replace_with(SHORTCODE.sub("", str(text)))
    for tag in soup.find_all(("p", "div", "span", "figure")):
        if not tag.decomposed and not tag.get_text(strip=True) and not tag.find("img"):
            tag.decompose()
    return removed


def _shift_headings(soup: BeautifulSoup) -> None:
    """The page title is the only ``<h1>``: the text's headings start at ``<h2>``."""
    levels = [int(tag.name[1]) for tag in soup.find_all(re.compile(r"^h[1-6]$"))]
    if not levels or min(levels) >= 2:
        return
    shift = 2 - min(levels)
    for tag in soup.find_all(re.compile(r"^h[1-6]$")):
        tag.name = f"h{min(int(tag.name[1]) + shift, 6)}"


class _Converter(MarkdownConverter):
    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        alt = " ".join((el.get("alt") or "").split())
        return f"![{alt}]({src})" if src else ""


def html_to_markdown(html: str, image_src=None) -> Converted:
    """Clean ``html`` and convert it; ``image_src(src, tag)`` may rewrite image sources."""
    soup = BeautifulSoup(html, "lxml")
    removed = clean_soup(soup)
    _shift_headings(soup)
    images: list[tuple[str, str]] = []
    for img in soup.find_all("img"):
        src = img.get("src") or ""
        if image_src is not None:
            src = image_src(src, img)
            img["src"] = src
        images.append((src, img.get("alt") or ""))
    body = soup.body or soup
    markdown = _Converter(
        heading_style="ATX", bullets="-", escape_underscores=False, escape_misc=False
    ).convert_soup(body)
    markdown = _MANY_BLANKS.sub("\n\n", _TRAILING.sub("", markdown)).strip()
    return Converted(markdown + "\n", images, removed)


def plain_text(html: str) -> str:
    """Text of an HTML fragment with paragraphs kept as blank lines (for comments, summaries)."""
    soup = BeautifulSoup(html or "", "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = [" ".join(p.get_text().split()) for p in soup.find_all("p")]
    if blocks:
        return "\n\n".join(b for b in blocks if b)
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return _MANY_BLANKS.sub("\n\n", "\n".join(lines)).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def suggest_summary(text: str, limit: int = 240) -> str:
    """The first sentences of ``text`` up to ``limit`` characters (never cut mid-word)."""
    paragraphs = [
        p
        for p in re.split(r"\n\s*\n", text)
        if p.strip() and not p.lstrip().startswith(("#", "!", "-", "|", ">"))
    ]
    text = paragraphs[0] if paragraphs else text
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = " ".join(re.sub(r"[#*_>`]", " ", text).split())
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if len(summary) + len(sentence) + 1 > limit:
            break
        summary = f"{summary} {sentence}".strip()
    if not summary:
        summary = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"
    return summary
