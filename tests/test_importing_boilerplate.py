"""Every boilerplate rule in servicekultur/importing/data/boilerplate.toml removes its kind of
block from a small page of our own (HTML, and plain text where the rule reads text), keeps the
post's text, and says in the import report what it removed."""

from __future__ import annotations

import pytest

from servicekultur.importing.boilerplate import load_rules
from servicekultur.importing.pages import import_pages

TITLE = "Ein Tag in der Werkstatt"
TEXT = (
    "Um sieben Uhr schließen wir die Werkstatt auf. Zuerst lesen wir die Anfragen vom Vortag "
    "und beantworten jede, auch wenn wir den Auftrag nicht annehmen können. Dann verteilen wir "
    "die Arbeit für den Tag."
)

# (rule, kind, boilerplate as it appears on the page, a piece of it that must be gone)
CASES = [
    (
        "teilen",
        "html",
        '<div class="shariff"><ul><li><a href="#">Facebook</a></li>'
        '<li><a href="#">LinkedIn</a></li></ul></div>',
        "LinkedIn",
    ),
    ("teilen", "txt", "Teilen: Facebook | X | WhatsApp | E-Mail", "WhatsApp"),
    ("teilen", "txt", "Facebook Twitter LinkedIn Xing", "Xing"),
    (
        "soziale-netzwerke",
        "html",
        "<p>Folgen Sie uns auf Instagram für noch mehr Einblicke!</p>",
        "Instagram",
    ),
    ("soziale-netzwerke", "txt", "Folgt uns auf TikTok und YouTube!", "TikTok"),
    (
        "newsletter",
        "html",
        '<div class="mc4wp-form"><p>Jetzt eintragen und nichts verpassen</p></div>',
        "eintragen",
    ),
    ("newsletter", "txt", "Abonniere unseren Newsletter und verpasse nichts!", "Abonniere"),
    (
        "aehnliche-beitraege",
        "html",
        "<h3>Das könnte Sie auch interessieren</h3><ul><li><a href='/a/'>Ordnung im "
        "Posteingang</a></li><li><a href='/b/'>Wie wir Angebote schreiben</a></li></ul>",
        "Posteingang",
    ),
    (
        "aehnliche-beitraege",
        "txt",
        "Ähnliche Beiträge\n\nOrdnung im Posteingang\nWie wir Angebote schreiben",
        "Posteingang",
    ),
    (
        "autorenbox",
        "html",
        '<div class="saboxplugin-wrap"><p>Petra Weber führt das Büro seit 2010.</p></div>',
        "seit 2010",
    ),
    ("autorenbox", "txt", "Über die Autorin: Petra Weber führt das Büro seit 2010.", "seit 2010"),
    (
        "cookie-hinweis",
        "html",
        '<div id="cookie-notice"><p>Wir nutzen Cookies, damit alles funktioniert.</p></div>',
        "Cookies",
    ),
    ("cookie-hinweis", "txt", "Diese Website verwendet Cookies. Mehr erfahren", "Cookies"),
    (
        "bewertungsbox",
        "html",
        "<div><p>Zusammenfassung Beitrag Ein Tag in der Werkstatt Beschreibung Wie ein Tag "
        "bei uns abläuft Autor Petra Weber</p></div>",
        "Beschreibung",
    ),
    (
        "bewertungsbox",
        "html",
        '<div class="snippet-box"><div class="snippet-title">Bewertung</div>4,5 von 5</div>',
        "4,5 von 5",
    ),
    (
        "bewertungsbox",
        "txt",
        "Zusammenfassung\nBeitragsname\nEin Tag in der Werkstatt\nBeschreibung\n"
        "Wie ein Tag bei uns abläuft\nAutor\nPetra Weber",
        "Beschreibung",
    ),
    (
        "bewertungsbox",
        "txt",
        "Zusammenfassung Beitrag Ein Tag in der Werkstatt Beschreibung Wie ein Tag bei uns "
        "abläuft, vom Aufschließen bis zum Feierabend Autor Petra Weber Herausgeber Büroblog",
        "Herausgeber",
    ),
    (
        "kommentare",
        "html",
        '<div id="comments" class="comments-area"><h3>3 Gedanken zu „Ein Tag“</h3></div>',
        "Gedanken",
    ),
    ("kommentare", "txt", "2 Kommentare\n\nKommentar verfassen", "Kommentar"),
    (
        "anmelden",
        "html",
        "<p>Du musst angemeldet sein, um einen Kommentar abzugeben.</p>",
        "angemeldet",
    ),
    ("anmelden", "txt", "Melde dich an, um zu kommentieren.", "Melde dich an"),
    (
        "navigation",
        "html",
        '<div class="breadcrumbs"><a href="/">Startseite</a> » <a href="/blog/">Blog</a></div>',
        "Startseite",
    ),
    ("navigation", "txt", "Startseite\nKontakt\nImpressum", "Impressum"),
    (
        "beitragsdaten",
        "html",
        '<div class="entry-meta"><span class="cat-links">Kategorie: Werkstatt</span></div>',
        "Kategorie",
    ),
    ("beitragsdaten", "txt", "Schlagwörter: Werkstatt, Alltag", "Schlagwörter"),
    (
        "seitenleiste",
        "html",
        '<div class="widget-area"><h3>Archiv</h3><ul><li>Mai 2024</li></ul></div>',
        "Mai 2024",
    ),
    (
        "werbung",
        "html",
        '<div class="adsense-box"><p>Jetzt günstig Werkzeug kaufen</p></div>',
        "Werkzeug kaufen",
    ),
    ("werbung", "txt", "Anzeige", "Anzeige"),
    ("copyright", "html", "<p>© 2024 Werkstattnotizen</p>", "© 2024"),
    ("copyright", "txt", "© 2024 Werkstattnotizen – alle Rechte vorbehalten", "© 2024"),
    (
        "seitengeruest",
        "html",
        '<nav><a href="/">Start</a> <a href="/impressum/">Impressum</a></nav>',
        "Impressum",
    ),
]


def _page(kind: str, boilerplate: str) -> str:
    if kind == "html":
        return (
            f"<!DOCTYPE html><html><head><title>{TITLE} | Werkstattnotizen</title></head>"
            f"<body><article><h1>{TITLE}</h1><p>{TEXT}</p>{boilerplate}</article></body></html>"
        )
    if boilerplate.startswith(("Startseite", "Menü")):
        return f"{boilerplate}\n\n{TITLE}\n\n{TEXT}\n"  # menus sit above the text
    return f"{TITLE}\n\n{TEXT}\n\n{boilerplate}\n"


@pytest.mark.parametrize(("rule", "kind", "boilerplate", "gone"), CASES)
def test_rule_removes_its_block_and_reports_it(tmp_path, rule, kind, boilerplate, gone):
    source = tmp_path / f"seite.{kind}"
    source.write_text(_page(kind, boilerplate), encoding="utf-8")
    report, _ = import_pages(source, tmp_path / "content", fetch_media=False)
    (result,) = report.results
    assert result.imported, result.reason
    body = (tmp_path / "content" / "artikel" / "ein-tag-in-der-werkstatt.md").read_text("utf-8")
    assert f"Title: {TITLE}" in body
    assert TEXT in body.partition("\n\n")[2]
    assert gone not in body.partition("\n\n")[2]
    removed = [r for r in result.removed if r.rule == rule]
    assert removed and any(gone in r.text for r in removed), result.removed
    assert any(line.startswith(f"      Entfernt [{rule}]") for line in report.lines())


def test_every_rule_has_a_reason_and_a_page_of_its_own():
    rules = load_rules()
    assert {r.name for r in rules} == {case[0] for case in CASES}
    for rule in rules:
        assert rule.reason and "\n" not in rule.reason and len(rule.reason) < 120


@pytest.mark.parametrize(
    "sentence",
    [
        "Teilen Sie uns mit, was Sie denken – wir antworten jedem, der uns schreibt.",
        "Folgen Sie mir in die Werkstatt, dort zeige ich Ihnen die neue Hobelbank.",
        "Newsletter sind ein gutes Mittel, um Kundschaft über Ferien und Fristen zu informieren.",
        "Über den Autor eines Angebots erfährt die Kundin oft zu wenig, und das ist schade.",
    ],
)
def test_text_that_only_resembles_boilerplate_stays(tmp_path, sentence):
    for kind in ("html", "txt"):
        source = tmp_path / f"seite-{kind}.{kind}"
        page = _page(kind, f"<p>{sentence}</p>" if kind == "html" else sentence)
        source.write_text(page, encoding="utf-8")
        report, _ = import_pages(source, tmp_path / kind, fetch_media=False)
        assert report.results[0].removed == []
        assert sentence in (tmp_path / kind / "artikel/ein-tag-in-der-werkstatt.md").read_text()


def test_a_short_heading_inside_the_text_is_not_taken_for_a_menu(tmp_path):
    source = tmp_path / "seite.txt"
    source.write_text(f"{TITLE}\n\n{TEXT}\n\nKontakt\n\n{TEXT}\n", encoding="utf-8")
    import_pages(source, tmp_path / "content", fetch_media=False)
    body = (tmp_path / "content/artikel/ein-tag-in-der-werkstatt.md").read_text("utf-8")
    assert "## Kontakt" in body
