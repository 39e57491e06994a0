"""Parse WordPress block markup (Gutenberg) into a tree, as WordPress' own block parser does.

A block is ``<!-- wp:name {"json": "attrs"} -->inner HTML<!-- /wp:name -->`` or the void form
``<!-- wp:name {...} /-->``; ``name`` without a namespace means ``core/name``. HTML outside any
block is a freeform (classic) part. ``Block.content`` keeps the inner HTML pieces and the child
blocks in document order, so a block can be rendered with its children in place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# The token of WordPress' class-wp-block-parser.php (possessive quantifiers: Python ≥ 3.11).
_TOKEN = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:(?:[^}]++|\}++(?=\})|(?!\}\s+/?-->).)*+)?\}\s+)?(?P<void>/)?-->",
    re.S,
)
FREEFORM = "core/freeform"


@dataclass
class Block:
    name: str  # "core/paragraph", "core-embed/youtube", "jetpack/slideshow", …
    attrs: dict = field(default_factory=dict)
    content: list[str | Block] = field(default_factory=list)

    @property
    def children(self) -> list[Block]:
        return [part for part in self.content if isinstance(part, Block)]

    @property
    def inner_html(self) -> str:
        """The block's own HTML without its children."""
        return "".join(part for part in self.content if isinstance(part, str))

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("core/")


def has_blocks(html: str) -> bool:
    return _TOKEN.search(html or "") is not None


def _attrs(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def parse_blocks(html: str) -> list[Block]:
    """The top-level blocks of ``html``; text between blocks becomes ``core/freeform`` blocks.

    Never fails: a closer without an opener is ignored, an opener without a closer takes the
    rest of the document (as WordPress does).
    """
    top: list[Block] = []
    stack: list[Block] = []
    position = 0

    def add_text(text: str) -> None:
        if stack:
            stack[-1].content.append(text)
        elif text.strip():
            top.append(Block(FREEFORM, {}, [text]))

    for match in _TOKEN.finditer(html):
        add_text(html[position : match.start()])
        position = match.end()
        name = (match["namespace"] or "core/") + match["name"]
        if match["closer"]:
            if not any(block.name == name for block in stack):
                continue
            while stack:
                block = stack.pop()
                (stack[-1].content if stack else top).append(block)
                if block.name == name:
                    break
            continue
        block = Block(name, _attrs(match["attrs"]))
        if match["void"]:
            (stack[-1].content if stack else top).append(block)
        else:
            stack.append(block)
    add_text(html[position:])
    while stack:
        block = stack.pop()
        (stack[-1].content if stack else top).append(block)
    return top
