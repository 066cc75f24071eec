"""Related stories: ranking, tie-breaks, determinism, and work that stays linear in the article count."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Hub, article

from hub_plugins import related
from hub_plugins.errors import Problem
from hub_plugins.model import Article
from hub_plugins.model import Hub as Model
from hub_plugins.taxonomy import load_taxonomy

AUDIENCES = ("students", "professionals", "employees", "hr-community")
TOPICS = ("recruitment", "talent-development", "career-management", "employer-brand", "social-media")
SERIES = "ik-icin-sosyal-medya"


def taxonomy():
    problems: list[Problem] = []
    found = load_taxonomy(REPO / "content/taxonomy.yml", "content/taxonomy.yml", ("en", "tr"), problems)
    assert problems == []
    return found


def make(slug: str, day: int, topics: tuple[str, ...], audiences: tuple[str, ...], lang: str = "en",
         series: str | None = None, part: int | None = None) -> Article:
    """An article as the loader would make it (only what related stories read matters)."""
    published = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return Article(src_uri=f"{lang}/articles/{slug}.md", source_path=f"content/{lang}/articles/{slug}.md",
                   lang=lang, slug=slug, title=slug, description=slug, published=published, updated=None,
                   audiences=audiences, topics=topics, series=series, series_part=part)


def slugs(mapping, slug: str, lang: str = "en") -> list[str]:
    return [a.slug for a in mapping[f"{lang}/articles/{slug}.md"]]


def test_ranking_by_shared_topics_then_audiences_then_series() -> None:
    articles = [
        make("me", 10, ("recruitment", "social-media"), ("students",), series=SERIES, part=1),
        make("two-topics", 1, ("recruitment", "social-media"), ("professionals",)),  # 2 × 3 = 6
        make("topic-and-audience", 2, ("recruitment",), ("students",)),  # 3 + 2 = 5
        make("series-mate", 3, ("employer-brand",), ("students",), series=SERIES, part=2),  # 2 + 1 = 3
        make("one-topic", 9, ("social-media",), ("employees",)),  # 3
        make("audience-only", 8, ("career-management",), ("students",)),  # 2
        make("nothing-shared", 20, ("talent-development",), ("hr-community",)),  # 0: never related
        make("other-language", 5, ("recruitment", "social-media"), ("students",), lang="tr"),
    ]
    hub = Model.build(taxonomy(), ("en", "tr"), articles)
    ranked = related.related_articles(hub, 10)
    # 3 vs 3: "one-topic" is newer than "series-mate"; the Turkish article is never offered in English.
    assert slugs(ranked, "me") == ["two-topics", "topic-and-audience", "one-topic", "series-mate", "audience-only"]
    assert slugs(related.related_articles(hub, 3), "me") == ["two-topics", "topic-and-audience", "one-topic"]
    assert slugs(ranked, "nothing-shared") == []
    assert slugs(ranked, "other-language", "tr") == []
    assert related.related_articles(hub, 0)["en/articles/me.md"] == ()


def test_ties_go_to_the_newest_then_to_the_slug() -> None:
    same = (("recruitment",), ("students",))
    articles = [make("me", 50, *same), make("b-old", 1, *same), make("c-new", 9, *same), make("a-new", 9, *same),
                make("d-mid", 5, *same)]
    hub = Model.build(taxonomy(), ("en", "tr"), articles)
    assert slugs(related.related_articles(hub, 3), "me") == ["a-new", "c-new", "d-mid"]
    assert slugs(related.related_articles(hub, 3), "a-new") == ["me", "c-new", "d-mid"]


def random_articles(count: int, seed: int, lang: str = "en") -> list[Article]:
    """`count` articles with random topics, audiences, series parts and dates (many ties on purpose)."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        series = SERIES if rng.random() < 0.1 else None
        found.append(make(f"a-{i:05d}", rng.randrange(60), tuple(rng.sample(TOPICS, rng.randint(1, 3))),
                          tuple(rng.sample(AUDIENCES, rng.randint(1, 2))), lang=lang, series=series,
                          part=i + 1 if series else None))
    return found


def test_the_ranking_is_the_one_comparing_every_pair_would_give() -> None:
    articles = random_articles(300, seed=7)
    hub = Model.build(taxonomy(), ("en", "tr"), articles)
    ranked = related.related_articles(hub, 3)
    signature_of = related.Signer(hub.taxonomy)
    signatures = {a.src_uri: signature_of(a) for a in articles}
    for one in articles:  # the quadratic reference: every pair scored
        scored = [(related.score(signatures[one.src_uri], signatures[o.src_uri]), o) for o in articles if o is not one]
        best = sorted((pair for pair in scored if pair[0] > 0), key=lambda p: (-p[0], related.tie_break(p[1])))
        assert ranked[one.src_uri] == tuple(o for _score, o in best[:3]), one.slug
    assert sum(len(found) == 3 for found in ranked.values()) > 250  # the check above compared real rankings


def evaluations(monkeypatch: pytest.MonkeyPatch, per_language: int) -> tuple[int, int, float]:
    """How often `score` runs for a hub of `per_language` articles in each language, how many signatures
    the languages have (squared, summed) and how many stories each article gets on average."""
    calls = 0
    original = related.score

    def counted(one: related.Signature, other: related.Signature) -> int:
        nonlocal calls
        calls += 1
        return original(one, other)

    articles = random_articles(per_language, seed=1) + random_articles(per_language, seed=2, lang="tr")
    hub = Model.build(taxonomy(), ("en", "tr"), articles)
    monkeypatch.setattr(related, "score", counted)
    ranked = related.related_articles(hub, 3)
    assert len(ranked) == 2 * per_language
    signature_of = related.Signer(hub.taxonomy)
    signatures = [len({signature_of(a) for a in hub.by_lang[lang]}) for lang in hub.languages]
    return calls, sum(n * n for n in signatures), sum(len(found) for found in ranked.values()) / len(ranked)


def test_work_does_not_grow_with_the_number_of_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    small, small_pairs, small_found = evaluations(monkeypatch, 1000)
    large, large_pairs, large_found = evaluations(monkeypatch, 4000)
    assert small_found == large_found == 3  # every article got its three stories
    # Scores are computed once per pair of signatures, never per pair of articles; the signatures are
    # bounded by the taxonomy (here 25 topic sets × 10 audience sets × in a series or not = 500).
    assert (small, large) == (small_pairs, large_pairs)
    assert large_pairs <= 2 * 500 * 500
    # So 4× the articles cost at most 4× the evaluations (fewer, once the signatures are all used);
    # comparing every pair would take 16× (tens of millions of evaluations here).
    assert large < 4 * small, f"score evaluations: {small} for 2×1,000 articles, {large} for 2×4,000"


SCRIPT = """
import json, sys
from pathlib import Path
from hub_plugins.loader import Source, load_hub
from hub_plugins.related import related_articles
root = Path(sys.argv[1])
hub = load_hub(Source(docs_dir=root / "content", root=root, languages=("en", "tr")))
print(json.dumps({k: [a.slug for a in v] for k, v in related_articles(hub, 3).items()}, sort_keys=True))
"""


def test_the_choice_is_the_same_from_build_to_build(hub: Hub) -> None:
    rng = random.Random(3)
    for i in range(60):  # many equal scores and equal dates: only the tie-break decides
        for lang in ("en", "tr"):
            hub.write(f"{lang}/articles/story-{i:03d}.md", article(
                f"Story {i}", date=f"2024-0{1 + i % 3}-0{1 + i % 2}", audience=rng.sample(AUDIENCES, 2),
                topics=rng.sample(TOPICS, 2)))
    results = []
    for seed in ("1", "2"):  # set and dict orders of strings change with the hash seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", SCRIPT, str(hub.root)], env=env, capture_output=True,
                             text=True, check=True, cwd=Path(__file__).parent.parent)
        results.append(json.loads(run.stdout))
    assert len(results[0]) == 120 and all(len(found) == 3 for found in results[0].values())
    assert results[0] == results[1]
