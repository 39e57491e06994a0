"""HTML from WordPress or a scraped page → clean Markdown: boilerplate out, headings shifted.

BeautifulSoup removes what is not the text (the rules in ``data/boilerplate.toml``: share buttons,
comment forms, promos, related posts, cookie notices …; scripts, block comments and plugin
shortcodes), embedded frames become links; markdownify writes the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

from servicekultur.importing.boilerplate import Removal, element_rule

# Not text at all: dropped without a word in the report.
SILENT_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "link",
    "meta",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
)
PROTECTED = {"[document]", "html", "body", "main", "article"}
SHORTCODE = re.compile(
    r"\[/?(?:caption|gallery|embed|video|audio|playlist|contact-form(?:-7)?|wpforms|"
    r"jetpack[_-]\w+|vc_\w+|et_pb_\w+|fusion_\w+|su_\w+|sharing|ninja_forms?)\b[^\]]*\]",
    re.IGNORECASE,
)
SHORTCODE_REASON = "Shortcode eines WordPress-Plugins (außerhalb von WordPress wirkungslos)"
KEEP_BREAKS = "kb-keep-breaks"  # class of a paragraph whose line breaks stay (verses)
_MANY_BLANKS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
_DEFINITION = re.compile(r"^:[ ]{2,3}(?=\S)", re.MULTILINE)


@dataclass
class Converted:
    """Markdown of one text plus what the author should know about the conversion."""

    markdown: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt)
    removed: list[Removal] = field(default_factory=list)


def _link_share(tag: Tag) -> float:
    text = len(tag.get_text(" ", strip=True)) or 1
    return sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a")) / text


def _following_link_lists(tag: Tag) -> list[Tag]:
    """The link lists right after a heading like „Ähnliche Beiträge“ (at most three)."""
    found = []
    for sibling in tag.find_next_siblings(True, limit=3):
        if sibling.name in ("ul", "ol", "div", "p") and _link_share(sibling) > 0.6:
            found.append(sibling)
        else:
            break
    return found


def _iframes_to_links(soup: BeautifulSoup) -> None:
    for frame in soup.find_all("iframe"):
        src = frame.get("src") or ""
        if src.startswith("//"):
            src = "https:" + src
        if not src.startswith(("http://", "https://")):
            frame.decompose()
            continue
        paragraph = soup.new_tag("p")
        link = soup.new_tag("a", href=src)
        link.string = f"Eingebetteter Inhalt: {src}"
        paragraph.append(link)
        frame.replace_with(paragraph)


def clean_soup(soup: BeautifulSoup) -> list[Removal]:
    """Remove boilerplate in place; returns what went out, rule by rule."""
    removed: list[Removal] = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(SILENT_TAGS):
        tag.decompose()
    _iframes_to_links(soup)
    total = len(soup.get_text(" ", strip=True))
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in PROTECTED:
            continue
        rule = element_rule(tag)
        if rule is None:
            continue
        text = tag.get_text(" ", strip=True)
        if len(text) > max(500, total // 2) and tag.name not in rule.tags:
            continue  # never most of the page: that is the text, whatever its class says
        following = _following_link_lists(tag) if rule.follow else []
        text = " ".join([text, *(t.get_text(" ", strip=True) for t in following)]).strip()
        removed.append(rule.removal(text or f"<{tag.name}>"))
        for extra in following:
            extra.decompose()
        tag.decompose()
    for text in soup.find_all(string=SHORTCODE):
        codes = [m.group(0) for m in SHORTCODE.finditer(str(text))]
        removed.extend(Removal("shortcode", SHORTCODE_REASON, code) for code in codes)
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

    def convert_br(self, el, text, parent_tags):
        if el.find_parent(class_=KEEP_BREAKS) is not None:
            return "<br>\n"
        return super().convert_br(el, text, parent_tags)

    def convert_figcaption(self, el, text, parent_tags):
        text = " ".join(text.split())
        if not text:
            return ""
        return f"\n\n*{text}*\n\n" if "*" not in text else f"\n\n{text}\n\n"

    def convert_sup(self, el, text, parent_tags):
        return f"<sup>{text.strip()}</sup>" if text.strip() else ""


def _unavailable_image(soup: BeautifulSoup, img: Tag, src: str) -> None:
    """An image we could not fetch becomes a link to where it was (nothing silently lost)."""
    alt = " ".join((img.get("alt") or "").split())
    label = f"Bild: {alt or src.rsplit('/', 1)[-1]}"
    if img.find_parent("a") is not None:
        img.replace_with(label)
        return
    link = soup.new_tag("a", href=src)
    link.string = label
    img.replace_with(link)


def html_to_markdown(html: str, image_src=None, link_href=None) -> Converted:
    """Clean ``html`` and convert it.

    ``image_src(src, tag)`` may rewrite an image source (None: not available, becomes a link);
    ``link_href(href)`` may rewrite a link target (files fetched into the content folder).
    """
    soup = BeautifulSoup(html, "lxml")
    removed = clean_soup(soup)
    _shift_headings(soup)
    for footer in soup.find_all("tfoot"):  # Markdown tables have one body: footer rows last
        body = footer.find_previous_sibling("tbody")
        if body is None:
            footer.name = "tbody"
            continue
        for row in footer.find_all("tr"):
            body.append(row.extract())
        footer.decompose()
    images: list[tuple[str, str]] = []
    for img in soup.find_all("img"):
        src = img.get("src") or ""
        if image_src is not None:
            new = image_src(src, img)
            if new is None:
                _unavailable_image(soup, img, src)
                continue
            src = img["src"] = new
        images.append((src, img.get("alt") or ""))
    for link in soup.find_all("a", href=True):
        link.attrs.pop("title", None)  # tooltips: not text, and "quoted" in Markdown
        if link_href is not None:
            link["href"] = link_href(link["href"])
    body = soup.body or soup
    markdown = _Converter(
        heading_style="ATX", bullets="-", escape_underscores=False, escape_misc=False
    ).convert_soup(body)
    markdown = _MANY_BLANKS.sub("\n\n", _TRAILING.sub("", markdown)).strip()
    markdown = _DEFINITION.sub(": ", _single_spaces(markdown))
    return Converted(markdown + "\n", images, removed)


def _single_spaces(markdown: str) -> str:
    """Runs of spaces inside a line (markdownify leaves them around inline tags, and in table
    cells) become one; code blocks and indentation stay as they are."""
    lines, fenced = markdown.split("\n"), False
    for index, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and not line.startswith("    "):
            lines[index] = _INNER_SPACES.sub(" ", line)
    return "\n".join(lines)


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
