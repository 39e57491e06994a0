"""Rules on what a text points to: cross-references, internal links and anchors, glossary terms."""

from __future__ import annotations

from collections.abc import Iterator

from servicekultur.authoring.lint.model import LintDocument, Workspace
from servicekultur.content.diagnostics import ContentIssue

RULES = {
    "crossref": ("error", "[[slug]] oder [[slug#punkt]] führt zu keinem Inhalt oder Checkpunkt"),
    "link": ("error", "interner Link oder Anker führt ins Leere"),
    "glossary-term": ("error", "Link auf einen Glossar-Begriff, den es nicht gibt"),
}
_GLOSSARY_PREFIXES = ("/glossar/#", "glossar/#", "../glossar/#", "../../glossar/#")


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    for doc in workspace.documents:
        yield from _crossrefs(workspace, doc)
        yield from _links(workspace, doc)


def _crossrefs(workspace: Workspace, doc: LintDocument) -> Iterator[ContentIssue]:
    for ref in doc.parsed.crossrefs:
        slug, _, anchor = ref.target.partition("#")
        target = workspace.by_slug.get(slug)
        if target is None:
            if slug in workspace.glossary_slugs:
                message = (
                    f"Verweis [[{ref.target}]]: Glossar-Begriffe werden automatisch "
                    f"verlinkt oder mit [Text](/glossar/#{slug}) angesprochen"
                )
            else:
                message = f"Verweis [[{ref.target}]]: kein Inhalt mit dem Slug „{slug}“"
            yield ContentIssue(doc.path, ref.line, message, rule="crossref")
        elif anchor and anchor not in target.anchors():
            yield ContentIssue(
                doc.path,
                ref.line,
                f"Verweis [[{ref.target}]]: „{slug}“ hat keinen Punkt „{anchor}“",
                rule="crossref",
            )


def _links(workspace: Workspace, doc: LintDocument) -> Iterator[ContentIssue]:
    site = workspace.site
    for ref in doc.parsed.links:
        if ref.kind == "image":
            continue  # images are the media rules' business
        term = _glossary_term(ref.target)
        if term is not None:
            if term not in workspace.glossary_slugs:
                yield ContentIssue(
                    doc.path,
                    ref.line,
                    f"Glossar-Begriff „{term}“ gibt es nicht (Link „{ref.target}“)",
                    rule="glossary-term",
                )
            continue
        problem = site.check(doc.path, doc.url, ref)
        if problem:
            yield ContentIssue(doc.path, ref.line, problem, rule="link")


def _glossary_term(target: str) -> str | None:
    for prefix in _GLOSSARY_PREFIXES:
        if target.startswith(prefix):
            return target[len(prefix) :]
    return None
