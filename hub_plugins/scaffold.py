"""`hub new`: plan a new article — its file, slug and front-matter — checked against the taxonomy.

Everything a writer can get wrong on the command line is caught here with a plain-language
message (a `ScaffoldError`), before any file is written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, did_you_mean
from .i18n import Catalog, slugify
from .loader import SLUG_PATTERN, Source, article_files, check_article, parse_when
from .model import Article, Taxonomy, Term


class ScaffoldError(Exception):
    """The arguments of `hub new` cannot make a valid article (a usage error: exit code 2)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the writer asked for on the command line."""

    lang: str
    title: str
    audiences: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    description: str | None = None
    authors: tuple[str, ...] = ()
    series: str | None = None
    part: int | None = None
    translation_of: Path | None = None
    slug: str | None = None
    date: str | None = None
    draft: bool = True


@dataclass(frozen=True, slots=True)
class Plan:
    """The article to write, and what else the writer should do (e.g. link the original)."""

    path: Path
    shown: str
    src_uri: str  # where the article is in docs_dir (its URL is MkDocs' to decide)
    text: str
    original: Article | None = None
    original_needs_key: str | None = None  # the translation_key line to add to the original


def _check_keys(option: str, values: Iterable[str], allowed: Mapping[str, object]) -> tuple[str, ...]:
    """Each key must be in the taxonomy; a misspelling gets a did-you-mean."""
    result: list[str] = []
    for value in values:
        if value not in allowed:
            guess = did_you_mean(value, allowed)
            hint = f"did you mean {guess!r}? " if guess else ""
            raise ScaffoldError(f"{option}: unknown value {value!r} — {hint}(allowed: {', '.join(allowed)})")
        if value not in result:
            result.append(value)
    return tuple(result)


def _choices(option: str, kind: str, terms: Mapping[str, Term], lang: str) -> str:
    """A message listing the keys a writer may give to `option`, with their labels in `lang`."""
    lines = [f"{option} is required: give one or more {kind} keys (comma-separated), e.g. {option} "
             f"{next(iter(terms), 'KEY')}"]
    lines += [f"  {key:<22} {term.label(lang)}" for key, term in terms.items()]
    return "\n".join(lines)


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly `value` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _existing(source: Source, taxonomy: Taxonomy, lang: str) -> list[Article]:
    """The readable articles of `lang` (problems in them are `hub check`'s business, not `new`'s)."""
    ignored: list[Problem] = []
    articles = []
    for path in article_files(source):
        if path.relative_to(source.docs_dir).parts[0] == lang:
            article = check_article(path, source, taxonomy, ignored)
            if article is not None:
                articles.append(article)
    return articles


def _original(source: Source, taxonomy: Taxonomy, given: Path) -> Article:
    """The article a translation is made from; it must be a valid article of the hub."""
    candidates = [given, source.root / given, source.docs_dir / given]
    path = next((p.resolve() for p in candidates if p.is_file()), None)
    if path is None:
        raise ScaffoldError(f"--translation-of: file {str(given)!r} not found")
    try:
        src_uri = path.relative_to(source.docs_dir).as_posix()
    except ValueError:
        src_uri = ""
    if not source.is_article(src_uri):
        raise ScaffoldError(f"--translation-of: {str(given)!r} is not an article "
                            f"(articles live in {source.shown(source.docs_dir)}/<lang>/articles/)")
    problems: list[Problem] = []
    article = check_article(path, source, taxonomy, problems)
    if article is None:
        details = "\n".join(f"  {p}" for p in sorted(problems))
        raise ScaffoldError(f"--translation-of: fix the original first:\n{details}")
    return article


def plan_article(source: Source, taxonomy: Taxonomy, catalog: Catalog, request: Request,
                 today: dt.date) -> Plan:
    """Check the request against the taxonomy and the existing content; the article to write."""
    lang = request.lang
    if lang not in source.languages:
        guess = did_you_mean(lang, source.languages)
        hint = f"did you mean {guess!r}? (languages: " if guess else "use one of: "
        raise ScaffoldError(f"--lang: unknown language {lang!r} — {hint}{', '.join(source.languages)}"
                            + (")" if guess else ""))
    title = " ".join(request.title.split())
    if not title:
        raise ScaffoldError("--title: must not be empty")
    slug = request.slug if request.slug is not None else slugify(title)
    if not slug or slugify(slug) != slug:
        raise ScaffoldError(f"--slug: {slug!r} is not a valid file name: use lowercase ASCII letters, digits "
                            f"and hyphens, e.g. {slugify(slug) or 'my-article'!r}")
    original = _original(source, taxonomy, request.translation_of) if request.translation_of else None
    if original is not None and original.lang == lang:
        raise ScaffoldError(f"--translation-of: {original.source_path} is already in {lang!r}: "
                            "a translation goes to another language (--lang)")
    audiences = _check_keys("--audience", request.audiences, taxonomy.audiences)
    topics = _check_keys("--topics", request.topics, taxonomy.topics)
    if original is not None:
        audiences, topics = audiences or original.audiences, topics or original.topics
    if not audiences:
        raise ScaffoldError(_choices("--audience", "audience", taxonomy.audiences, lang))
    if not topics:
        raise ScaffoldError(_choices("--topics", "topic", taxonomy.topics, lang))
    authors = _check_keys("--author", request.authors, taxonomy.authors) or (
        original.authors if original else ())
    series = _check_keys("--series", [request.series], taxonomy.series)[0] if request.series else (
        original.series if original else None)
    part = request.part if request.part is not None else (original.series_part if original and
                                                          series == original.series else None)
    if part is not None and part < 1:
        raise ScaffoldError(f"--part: {part} is not a whole number ≥ 1")
    if part is not None and series is None:
        raise ScaffoldError("--part needs --series: give the series key too")

    path = source.docs_dir / lang / source.articles_dir / f"{slug}.md"
    shown = source.shown(path)
    if path.exists():
        raise ScaffoldError(f"{shown} already exists — choose another --title or give a --slug; "
                            "nothing was written")
    existing = _existing(source, taxonomy, lang)
    if series is not None:
        taken = {a.series_part: a for a in existing if a.series == series}
        planned = taxonomy.series[series].parts
        if part is None:
            part = next(n for n in range(1, len(taken) + 2) if n not in taken)
        if part in taken:
            raise ScaffoldError(f"--part: part {part} of {series!r} in {lang!r} is already "
                                f"{taken[part].source_path} — choose another part")
        if planned and part > planned:
            raise ScaffoldError(f"--part: {series!r} has {planned} parts — choose a part from 1 to {planned} "
                                "or raise 'parts' in taxonomy.yml")

    key, needs_key = None, None
    if original is not None:
        key = original.translation_key
        if key is None:
            keys_in_use = {a.translation_key for a in _existing(source, taxonomy, original.lang)} | {
                a.translation_key for a in existing}
            key = original.slug
            suffix = 2
            while key in keys_in_use:
                key, suffix = f"{original.slug}-{suffix}", suffix + 1
            needs_key = key
        clash = next((a for a in existing if a.translation_key == key), None)
        if clash is not None:
            raise ScaffoldError(f"--translation-of: {original.source_path} already has its {lang!r} "
                                f"translation: {clash.source_path}")
    date = request.date if request.date is not None else today.isoformat()
    if parse_when(date)[0] is None:
        raise ScaffoldError(f"--date: {date!r} is not a date — write it as YYYY-MM-DD")

    fields = [f"title: {_yaml_text(title)}",
              f"description: {_yaml_text(request.description or catalog.t(lang, 'new_description'))}",
              f"date: {date}",
              f"audience: [{', '.join(audiences)}]",
              f"topics: [{', '.join(topics)}]"]
    if authors:
        fields.append(f"author: {authors[0]}" if len(authors) == 1 else f"author: [{', '.join(authors)}]")
    if series is not None:
        fields += [f"series: {series}", f"series_part: {part}"]
    if key is not None:
        fields.append(f"translation_key: {key if SLUG_PATTERN.match(key) else _yaml_text(key)}")
    if request.draft:
        fields.append("draft: true")
    text = "---\n" + "\n".join(fields) + "\n---\n\n" + catalog.t(lang, "new_body")
    src_uri = path.relative_to(source.docs_dir).as_posix()
    return Plan(path=path, shown=shown, src_uri=src_uri, text=text,
                original=original, original_needs_key=needs_key)


def write_article(plan: Plan, source: Source, taxonomy: Taxonomy) -> list[Problem]:
    """Write the planned article (never over an existing file); the loader's problems with it, if any."""
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    with plan.path.open("x", encoding="utf-8", newline="\n") as stream:  # "x": refuse to overwrite
        stream.write(plan.text)
    problems: list[Problem] = []
    check_article(plan.path, source, taxonomy, problems)
    return problems
