"""Writing the workshop pages: QR files, workshop mode, trainer overview, workshop sets."""

from __future__ import annotations

import logging
from pathlib import Path

from servicekultur.workshop.qr import svg_document
from servicekultur.workshop.rounds.catalog import catalog_data, write_catalog

logger = logging.getLogger(__name__)


def _write(generator, writer, save_as: str, template: str, **extra) -> None:
    writer.write_file(
        save_as,
        generator.get_template(template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=save_as.removesuffix("index.html"),
        page_name=save_as.removesuffix(".html"),
        **extra,
    )


def write_pages(generator, writer) -> None:
    output = Path(generator.output_path)
    checklists = generator.context["kb_workshop_checklists"]
    for checklist in checklists:
        qr_file = output / checklist.save_as.removesuffix("index.html") / "qr.svg"
        qr_file.parent.mkdir(parents=True, exist_ok=True)
        label = f"QR-Code: {checklist.kb_online_url}"
        qr_file.write_text(svg_document(checklist.kb_qr, label), encoding="utf-8")
        _write(
            generator, writer, f"{checklist.url}workshop/index.html", "workshop", article=checklist
        )
    _write(generator, writer, "workshop/index.html", "trainer")
    _write(generator, writer, "workshop/set/index.html", "workshop_set", workshop_set=None)
    # what a live round can be started on, for the service (/workshop/neu)
    sets, public = generator.context["kb_workshop_sets"], generator.settings["KB_PUBLIC_URL"]
    write_catalog(output, catalog_data(checklists, sets, public))
    for workshop_set in generator.context["kb_workshop_sets"]:
        _write(
            generator,
            writer,
            f"workshop/set/{workshop_set.name}/index.html",
            "workshop_set",
            workshop_set=workshop_set,
        )
