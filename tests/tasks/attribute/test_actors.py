"""Registry matching (tasks/attribute/actors.py): the length prefilter of the fuzzy match and the match
cache never change which actor a name matches."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

import tasks.attribute.actors as actors
from tasks.attribute.actors import FUZZY_CUTOFF, Registry, normalise_name, registry


def _fresh() -> Registry:
    reg = registry()
    return Registry(reg.actors, reg.exact, reg.bags, reg.fuzzy_keys, reg.fuzzy_ids)


@pytest.mark.parametrize("name", [
    "Volodymyr Zelenskiy", "Volodimir Zelensky", "Dmitri Peskov", "Sergey Lavrov", "Antony Blinkin",
    "Jens Stoltenburg", "Olaf Scholtz", "Dmytro Kuleba", "John Smith", "Ursula von der Leyn",
])
def test_fuzzy_candidates_keep_the_best_key(name):
    reg = registry()
    key = normalise_name(name)
    full = process.extractOne(key, reg.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    keys, index = _fresh()._fuzzy_candidates(len(key))
    short = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if full is None:
        assert short is None
    else:
        assert (short[0], short[1], index[short[2]]) == full


@pytest.mark.parametrize("name, actor_id", [
    ("Dmitry Peskov", "dmitry-peskov"),
    ("Kremlin spokesman", None),
])
def test_match_is_the_same_cached_or_not(name, actor_id):
    reg = _fresh()
    first = reg.match(name)
    assert (first.actor_id if first else None) == actor_id
    assert reg.match(name) is first


def test_match_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(actors, "CACHE_MAX", 4)
    reg = _fresh()
    for i in range(10):
        reg.match(f"Nobody Number{i}")
    assert len(reg.cache) <= 4
    assert reg.match("Nobody Number3") is None


@pytest.mark.parametrize("name, expected", [
    ("The Kremlin", "kremlin"),
    ("the the Kremlin", "the kremlin"),
    ("THE PENTAGON", "pentagon"),
    ("Dmitry Peskov", "dmitry peskov"),
    ("The", "the"),
    ("Thomas-Greenfield", "thomas greenfield"),
    ("The Kremlin’s", "kremlin"),
    ("Zelenskyy  ", "zelenskyy"),
    ("Théo  Lévy", "theo levy"),
])
def test_normalise_name(name, expected):
    assert normalise_name.__wrapped__(name) == expected


def test_text_keyed_caches_are_bounded_by_cache_max() -> None:
    """Caches keyed by names, runs and word strings stop at CACHE_MAX entries (about two
    batches' distinct names), so a long run's worker holds no more than a short run's."""
    from tasks.attribute import coref
    from tasks.attribute import entities as coref_runs

    assert actors.CACHE_MAX <= 50_000
    for cached in (actors.normalise_name, actors.slugify, coref._words_of):
        assert cached.cache_parameters()["maxsize"] == actors.CACHE_MAX
    assert coref_runs._PLAN_MAX == actors.CACHE_MAX


@pytest.mark.parametrize("name, gender", [
    ("Elise Stefanik", "female"),  # a given name of the census lists
    ("Kim Jong Un", None),  # an East Asian family name written first is no given name
])
def test_registry_gender_from_given_names(name, gender) -> None:
    from tasks.attribute.actors import registry
    actor = registry().match(name)
    assert actor is not None and actor.gender == gender
