"""Live rounds in the feedback database (SQLite and PostgreSQL): their own migration chain,
votes as upserts, closing, the tally where it hurts first, retention, no lost votes."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from servicekultur.feedback.schema import schema_version
from servicekultur.feedback.store import FeedbackStore
from servicekultur.workshop.rounds.catalog import Catalog
from servicekultur.workshop.rounds.model import (
    BadVote,
    RoundClosed,
    RoundItem,
    RoundNotFound,
    normalise_code,
)
from servicekultur.workshop.rounds.schema import SCHEMA_VERSION, VERSION_KEY, rounds, votes
from servicekultur.workshop.rounds.store import RoundStore, digest
from servicekultur.workshop.rounds.writer import VoteWriter

ITEMS = [RoundItem(f"liste:p{i}", f"Punkt {i}", "Liste") for i in range(4)]


@pytest.fixture
def store(feedback_db):
    found = RoundStore.open(feedback_db)
    yield found
    found.close()


def test_rounds_have_their_own_migration_chain(feedback_db):
    RoundStore.open(feedback_db).close()  # rounds first, then the feedback tables
    feedback = FeedbackStore.open(feedback_db)
    again = RoundStore.open(feedback_db)  # a second start migrates nothing
    with feedback.engine.connect() as conn:
        assert schema_version(conn, VERSION_KEY) == SCHEMA_VERSION == 1
        assert schema_version(conn) >= 2  # the feedback chain is where it was
        assert conn.execute(select(rounds)).all() == []
    feedback.close()
    again.close()


def test_a_round_keeps_only_the_hash_of_its_key(store):
    created = store.create("Teamtag", "liste", ITEMS, "geheim")
    assert normalise_code(created.code) == created.code and len(created.code) == 5
    assert created.secret_hash == digest("geheim") and "geheim" not in created.secret_hash
    assert store.secret_matches(created, "geheim") and not store.secret_matches(created, "x")
    assert store.reveal_secret_once(created.id) and not store.reveal_secret_once(created.id)
    with pytest.raises(RoundNotFound):
        store.by_code("zzzzz")


def test_a_device_votes_once_and_may_change_its_vote_until_the_round_closes(store):
    r = store.create("Runde", "liste", ITEMS, "k")
    assert store.vote_many([(r.id, "a", frozenset({0, 1}))]) == [1]
    assert store.vote_many([(r.id, "a", frozenset({2}))]) == [2]  # replaced, not added
    # one batch: b's later vote wins; both count as steps of the version
    assert store.vote_many([(r.id, "b", frozenset({0})), (r.id, "b", frozenset({0, 2}))]) == [4, 4]
    assert store.ballots(r.id) == {"a": frozenset({2}), "b": frozenset({0, 2})}
    assert store.ballot(r.id, "a") == frozenset({2}) and store.ballot(r.id, "c") is None
    store.close_round(r.id)
    result = store.vote_many([(r.id, "a", frozenset())])
    assert isinstance(result[0], RoundClosed)
    assert store.ballot(r.id, "a") == frozenset({2})
    assert store.version(r.id) == 5  # the close is a step too


def test_the_tally_starts_where_it_hurts(store):
    r = store.create("Runde", "liste", ITEMS, "k")
    store.vote_many(
        [
            (r.id, "a", frozenset({0, 1, 3})),
            (r.id, "b", frozenset({0, 3})),
            (r.id, "c", frozenset({0})),
        ]
    )
    tally = store.tally(r.code)
    assert tally.teams == 3 and tally.teams_label == "3 Teams haben abgestimmt."
    assert [(t.item.text, t.yes) for t in tally.items] == [
        ("Punkt 2", 0),
        ("Punkt 1", 1),
        ("Punkt 3", 2),
        ("Punkt 0", 3),
    ]
    assert [t.label for t in tally.items] == [
        "0 von 3 Teams erfüllen das",
        "1 von 3 Teams erfüllt das",
        "2 von 3 Teams erfüllen das",
        "3 von 3 Teams erfüllen das",
    ]
    assert tally.as_json()["items"][0] == {
        "position": 3,
        "text": "Punkt 2",
        "checklist": "Liste",
        "yes": 0,
        "percent": 0,
        "label": "0 von 3 Teams erfüllen das",
    }


def test_votes_name_only_items_of_the_round(store):
    r = store.create("Runde", "liste", ITEMS, "k")
    assert r.positions(["0", " 3 "]) == frozenset({0, 3})
    for bad in (["4"], ["-1"], ["x"], ["1e3"], ["99999"], [""]):
        with pytest.raises(BadVote):
            r.positions(bad)


def test_rounds_past_their_days_are_deleted_with_their_votes(store):
    old = store.create("Alt", "liste", ITEMS, "k")
    new = store.create("Neu", "liste", ITEMS, "k")
    store.vote_many([(old.id, "a", frozenset({1})), (new.id, "a", frozenset({1}))])
    with store.engine.begin() as conn:
        conn.execute(
            update(rounds)
            .where(rounds.c.id == old.id)
            .values(created=old.created - timedelta(days=8))
        )
    assert store.purge(7) == 1
    with pytest.raises(RoundNotFound):
        store.by_code(old.code)
    with store.engine.connect() as conn:
        assert {row.round_id for row in conn.execute(select(votes))} == {new.id}


def test_the_writer_loses_no_vote_under_concurrent_phones(store, feedback_db):
    from servicekultur.feedback.rows import lock_path

    r = store.create("Runde", "liste", ITEMS, "k")
    writer = VoteWriter(store, lock_path(feedback_db))
    expected: dict[str, frozenset[int]] = {}
    acked: list[int] = []

    async def phone(n: int) -> None:
        for step in range(5):
            ticked = frozenset({(n + step) % 4, step % 4})
            acked.append(await writer.submit((r.id, f"geraet-{n}", ticked)))
            expected[f"geraet-{n}"] = ticked

    def run(first: int) -> None:
        async def many():
            await asyncio.gather(*(phone(n) for n in range(first, first + 20)))

        asyncio.run(many())

    threads = [threading.Thread(target=run, args=(i * 20,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    assert len(acked) == 300 and store.version(r.id) == 300
    assert store.ballots(r.id) == expected


def test_the_catalogue_resolves_checklists_sets_and_selections():
    catalog = Catalog.from_data(
        {
            "checklists": [
                {"slug": "a", "title": "Liste A", "items": [{"id": "x", "text": "X"}]},
                {
                    "slug": "b",
                    "title": "Liste B",
                    "items": [{"id": "y", "text": "Y"}, {"id": "z", "text": "Z"}],
                },
            ],
            "sets": [{"name": "tag", "title": "Teamtag", "selection": "a,b:z"}],
        }
    )
    assert catalog.resolve("b")[0] == "Liste B"
    title, selection, items = catalog.resolve("set:tag")
    assert title == "Teamtag" and selection == "a,b:z"
    assert [i.key for i in items] == ["a:x", "b:z"]
    assert catalog.resolve("b:z,a")[0] == "Liste B und 1 weitere"
    from servicekultur.feedback.model import FeedbackError

    for bad in ("", "c", "set:nix", "a:q", "A B", "x" * 3000):
        with pytest.raises(FeedbackError):
            catalog.resolve(bad)
