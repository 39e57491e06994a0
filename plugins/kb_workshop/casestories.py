"""Case stories by Kanal: the third facet next to Branche and Phase (kb_content writes those)."""

from __future__ import annotations

from collections import defaultdict

from servicekultur.content.slugs import slugify, transliterate
from servicekultur.content.types import ContentType


def channels(stories: list) -> list[tuple[str, list]]:
    """``[(Kanal, [stories…]), …]`` sorted the German way."""
    by_channel: dict[str, list] = defaultdict(list)
    for story in stories:
        for channel in getattr(story, "kanal", None) or []:
            by_channel[channel].append(story)
    return sorted(by_channel.items(), key=lambda kv: transliterate(kv[0]).casefold())


def write_channel_pages(generator, writer) -> None:
    """``/fallgeschichten/kanal/<kanal>/`` with the overview template (server-rendered facet)."""
    template = generator.get_template("overview")
    for value, stories in generator.context.get("kb_kanaele", []):
        url = f"{ContentType.CASE_STORY.value}/kanal/{slugify(value)}/"
        writer.write_file(
            f"{url}index.html",
            template,
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            paginated={"articles": stories},
            template_name="overview",
            url=url,
            page_name=f"{url}index",
            overview_title=f"Fallgeschichten – Kanal: {value}",
            overview_kind=ContentType.CASE_STORY,
        )
