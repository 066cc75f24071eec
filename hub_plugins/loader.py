"""Read every article once, check every field, and build the `Hub` (or report all problems)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import frontmatter, reading
from .clock import Schedule
from .errors import ContentError, Problem, did_you_mean, unknown_value_fix
from .i18n import slugify
from .imagecheck import ImageLimits, PictureHeaders, check_body_images, check_size
from .model import Article, Hub, Taxonomy
from .taxonomy import load_taxonomy

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED = ("title", "description", "date", "audience", "topics")
OPTIONAL = ("updated", "author", "image", "translation_key", "series", "series_part", "draft", "featured",
            "lang")
LANGUAGE_ALIASES = ("lang", "language")
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_HELP = "write the date as YYYY-MM-DD, e.g. 2013-02-13 (or 2013-02-13T09:00:00+03:00)"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the content lives: the docs_dir, the project root (for messages) and the languages."""

    docs_dir: Path
    root: Path
    languages: tuple[str, ...]
    taxonomy_file: str = "taxonomy.yml"
    articles_dir: str = "articles"
    extra_fields: tuple[str, ...] = ()
    words_per_minute: Mapping[str, int] = field(default_factory=dict)  # mkdocs.yml's; the rest default

    def reading_minutes(self, lang: str, words: int) -> int:
        """Minutes to read `words` in `lang` (see reading.py)."""
        return reading.reading_minutes(words, reading.words_per_minute(self.words_per_minute, (lang,))[lang])
    # The largest picture a writer may use (`images:` options); frozen, so one shared default is safe.
    image_limits: ImageLimits = ImageLimits()  # noqa: RUF009
    # Every picture's header, read once per file version (`mkdocs serve` passes the one it keeps).
    headers: PictureHeaders = field(default_factory=PictureHeaders, compare=False)

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project root, forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def is_article(self, src_uri: str) -> bool:
        """Whether a docs_dir-relative path is an article (content/<lang>/articles/**.md)."""
        parts = src_uri.split("/")
        return (len(parts) >= 3 and parts[0] in self.languages and parts[1] == self.articles_dir
                and src_uri.endswith(".md"))


def article_files(source: Source) -> list[Path]:
    """Every article file of every language, in a stable order."""
    found = []
    for lang in source.languages:
        folder = source.docs_dir / lang / source.articles_dir
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            found += [Path(dirpath, name) for name in sorted(filenames) if name.endswith(".md")]
    return found


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """A content file's text (Unix line ends), or None and a located problem when it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "encoding", f"byte 0x{raw[error.start]:02x} is not UTF-8",
                                "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)"))
        return None


def parse_when(value: Any) -> tuple[dt.datetime | None, str, str]:
    """A front-matter date as an aware datetime, or (None, message, fix)."""
    text = str(value).strip() if isinstance(value, (str, int)) else None
    if text is None:
        return None, f"{value!r} is not a date", DATE_HELP
    try:
        if DATE_ONLY.fullmatch(text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), "", ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?", text):
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is None:
                return None, f"{text!r} has a time but no UTC offset", \
                    "add the offset, e.g. 2013-02-13T09:00:00+03:00, or give the date alone"
            return moment, "", ""
    except ValueError as error:
        return None, f"{text!r} is not a real date ({error})", DATE_HELP
    return None, f"{text!r} is not a date in YYYY-MM-DD form", DATE_HELP


class _ArticleChecker:
    """Checks the fields of one article document; problems are appended, never raised."""

    def __init__(self, source: Source, taxonomy: Taxonomy, shown: str, doc: frontmatter.Document,
                 problems: list[Problem]) -> None:
        self.source, self.taxonomy, self.shown, self.doc, self.problems = source, taxonomy, shown, doc, problems
        self.ok = True

    def problem(self, name: str, message: str, fix: str = "") -> None:
        """Record a problem on field `name`, at its line (or the end of the front-matter if absent)."""
        self.ok = False
        line = self.doc.lines.get(name, self.doc.end_line)
        self.problems.append(Problem(self.shown, line, name, message, fix))

    def text(self, name: str) -> str | None:
        """A non-empty single-line string field."""
        value = self.doc.fields.get(name)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `title: 2013` is meant as text
        if not isinstance(value, str) or not value.strip():
            self.problem(name, "must be non-empty text", f"write {name}: \"…\" (quotes allow ':' and '#')")
            return None
        return " ".join(value.split())

    def keys(self, name: str, allowed: Iterable[str], section: str = "") -> tuple[str, ...]:
        """A list of taxonomy keys; a scalar counts as a one-item list."""
        value = self.doc.fields.get(name)
        allowed = list(allowed)
        items = value if isinstance(value, list) else [value]
        if value is None or value == [] or any(not isinstance(i, str) or not i.strip() for i in items):
            self.problem(name, "must list at least one key", f"write {name}: [{', '.join(allowed[:2])}]")
            return ()
        result: list[str] = []
        for item in (i.strip() for i in items):
            if item not in allowed:
                message, fix = unknown_value_fix(item, allowed)
                if not allowed:
                    fix = f"add {item!r} to the {section or name} of taxonomy.yml first"
                self.problem(name, message, fix)
            elif item not in result:
                result.append(item)
        return tuple(result)

    def key(self, name: str, allowed: Iterable[str], section: str) -> str | None:
        """One taxonomy key, or None."""
        value = self.text(name)
        if value is None:
            return None
        allowed = list(allowed)
        if value not in allowed:
            message, fix = unknown_value_fix(value, allowed)
            if not allowed:
                fix = f"add {value!r} to the {section} of taxonomy.yml first"
            self.problem(name, message, fix)
            return None
        return value

    def when(self, name: str) -> dt.datetime | None:
        """A date field, located when it is not a real date."""
        value = self.doc.fields.get(name)
        if value is None:
            return None
        moment, message, fix = parse_when(value)
        if moment is None:
            self.problem(name, message, fix)
        return moment


@dataclass(frozen=True, slots=True)
class Body:
    """The Markdown of a source file after its front-matter, and the line it starts on (for messages)."""

    text: str
    first_line: int
    draft: bool  # the front-matter says `draft: true` (known even when other fields are wrong)


def check_article(path: Path, source: Source, taxonomy: Taxonomy, problems: list[Problem],
                  schedule: Schedule | None = None, bodies: dict[str, Body] | None = None) -> Article | None:
    """Read one article file and check every field; None if anything is wrong.

    With a `schedule`, an article dated after its today is marked `scheduled_for` its day. `bodies`
    receives the body of every file whose front-matter could be read, valid or not, so that the links
    of an article with a wrong field are checked in the same run.
    """
    shown = source.shown(path)
    src_uri = path.relative_to(source.docs_dir).as_posix()
    lang = src_uri.split("/", 1)[0]
    text = read_text(path, shown, problems)
    if text is None:
        return None
    before = len(problems)
    doc = frontmatter.parse(text, shown, problems)
    slug = path.stem
    if not SLUG_PATTERN.match(slug):
        problems.append(Problem(shown, 1, "file name", f"{path.name!r} is not a valid slug "
                                "(lowercase ASCII letters, digits and hyphens)",
                                f"rename the file to {slugify(slug) or 'article'}.md"))
    if doc is None:
        return None
    if bodies is not None:
        bodies[src_uri] = Body(doc.body, doc.body_line, doc.fields.get("draft") is True)
    check = _ArticleChecker(source, taxonomy, shown, doc, problems)
    known = (*REQUIRED, *OPTIONAL, *LANGUAGE_ALIASES, *source.extra_fields)
    suggested = set()
    for name in doc.fields:
        if name not in known:
            guess = did_you_mean(name, known)
            suggested.add(guess)
            check.problem(name, "unknown field",
                          f"did you mean {guess!r}?" if guess else f"use only: {', '.join(known)}")
    for name in REQUIRED:
        # A misspelt required field (`topic:`) is one mistake: its "did you mean" line says it all.
        if doc.fields.get(name) is None and name not in suggested:
            check.problem(name, "missing required field", f"add '{name}:' to the front-matter")
    for alias in LANGUAGE_ALIASES:
        declared = doc.fields.get(alias)
        if declared is not None and declared != lang:
            check.problem(alias, f"says {declared!r} but the file is in the {lang!r} folder",
                          f"move the file to content/{declared}/articles/ or remove '{alias}:'")
    tx = taxonomy
    title, description = check.text("title"), check.text("description")
    published, updated = check.when("date"), check.when("updated")
    if published and updated and updated < published:
        check.problem("updated", "is before the publication date", "use a date on or after 'date'")
    audiences = check.keys("audience", tx.audiences) if "audience" in doc.fields else ()
    topics = check.keys("topics", tx.topics) if "topics" in doc.fields else ()
    # One author or several (an interview, a story told with HR): `author: a` or `author: [a, b]`.
    authors = check.keys("author", tx.authors, "authors") if doc.fields.get("author") is not None else ()
    image = check.text("image")
    if image and not (path.parent / image).is_file():
        check.problem("image", f"file {image!r} not found next to the article",
                      "give a path relative to the article file, e.g. images/cover.jpg")
    elif image and not check_size(path.parent / image, shown, doc.lines.get("image", doc.end_line), "image",
                                  image, source.image_limits, problems, source.headers):
        check.ok = False
    body_images = check_body_images(doc.body, doc.body_line, path, source.docs_dir, shown, source.image_limits,
                                    problems, source.headers)
    translation_key = check.text("translation_key")
    series = check.key("series", tx.series, "series")
    part = doc.fields.get("series_part")
    if part is not None and (isinstance(part, bool) or not isinstance(part, int) or part < 1):
        check.problem("series_part", f"{part!r} is not a whole number ≥ 1", "write the part number, e.g. 2")
        part = None
    if (series is None) != (part is None) and check.ok:
        missing = "series_part" if part is None else "series"
        check.problem(missing, "missing: 'series' and 'series_part' go together", f"add '{missing}:'")
    if series and part and tx.series[series].parts and part > tx.series[series].parts:
        check.problem("series_part", f"part {part} of a {tx.series[series].parts}-part series",
                      "use a part within the series, or raise 'parts' in taxonomy.yml")
    draft = doc.fields.get("draft", False)
    if not isinstance(draft, bool):
        check.problem("draft", f"{draft!r} is not true or false", "write draft: true (or remove the line)")
    featured = doc.fields.get("featured", False)
    if not isinstance(featured, bool):
        check.problem("featured", f"{featured!r} is not true or false",
                      "write featured: true (or remove the line)")
    if len(problems) > before or not check.ok:
        return None
    assert title and description and published and audiences and topics
    scheduled_for = None
    if schedule is not None and not draft:  # a draft waits for its writer, not for its day
        date_only = bool(DATE_ONLY.fullmatch(str(doc.fields["date"]).strip()))
        scheduled_for = schedule.scheduled_for(published, date_only)
    words = reading.count_words(doc.body)
    return Article(src_uri=src_uri, source_path=shown, lang=lang, slug=slug, title=title,
                   description=description, published=published, updated=updated, audiences=audiences,
                   topics=topics, authors=authors, image=image, translation_key=translation_key, series=series,
                   series_part=part, draft=bool(draft), scheduled_for=scheduled_for, featured=bool(featured),
                   body=doc.body, body_line=doc.body_line, field_lines=doc.lines, words=words,
                   reading_minutes=source.reading_minutes(lang, words), body_images=body_images)


def _check_unique(articles: list[Article], what: Callable[[Article], Any], field: str, describe: str, fix: str,
                  problems: list[Problem]) -> None:
    """Report articles that share a value within a language; returns the src_uris at fault."""
    groups: dict[Any, list[Article]] = defaultdict(list)
    for article in articles:
        value = what(article)
        if value is not None:
            groups[(article.lang, value)].append(article)
    for (_lang, value), group in groups.items():
        if len(group) < 2:
            continue
        for article in group:
            others = ", ".join(o.source_path for o in group if o is not article)
            shown = value[1] if isinstance(value, tuple) else value
            problems.append(Problem(article.source_path, article.field_lines.get(field, 1), field,
                                    f"{describe} {shown!r} is also used by {others}", fix))


@dataclass(slots=True)
class ContentMemo:
    """What `mkdocs serve` keeps between builds so that an unchanged file is not parsed and checked again.

    Only the preview passes one (preview.PreviewCache); a valid article is reused when its bytes,
    everything its check depends on (taxonomy, today, the hub's options) and the version (size and
    modification time) of each picture it shows are the same.
    """

    # src_uri → (bytes, context, result, body, its pictures' versions)
    articles: dict[str, tuple[bytes, str, Article, Body, tuple]] = field(default_factory=dict)
    scans: dict[str, tuple[str, Any]] = field(default_factory=dict)  # src_uri → (key, links.Scan)


def _check_article(path: Path, source: Source, taxonomy: Taxonomy, problems: list[Problem],
                   schedule: Schedule | None, bodies: dict[str, Body], memo: ContentMemo | None,
                   context: str) -> Article | None:
    """`check_article`, or its last result when the file and `context` are the same (with a memo)."""
    if memo is None:
        return check_article(path, source, taxonomy, problems, schedule, bodies)
    src_uri = path.relative_to(source.docs_dir).as_posix()
    raw = path.read_bytes()
    found = memo.articles.get(src_uri)
    if found is not None and found[0] == raw and found[1] == context and found[4] == _pictures(found[2], source):
        bodies[src_uri] = found[3]
        return found[2]
    before = len(problems)
    article = check_article(path, source, taxonomy, problems, schedule, bodies)
    if article is not None and len(problems) == before:
        memo.articles[src_uri] = (raw, context, article, bodies[src_uri], _pictures(article, source))
    else:
        memo.articles.pop(src_uri, None)
    return article


def _pictures(article: Article, source: Source) -> tuple:
    """The version of each picture an article's check read on disk (its `image` and body pictures): the
    file's bytes do not show a replaced picture, which may break a size limit."""
    paths = [source.docs_dir / uri for uri in article.body_images]
    if article.image:
        paths.append(source.docs_dir / posixpath.dirname(article.src_uri) / article.image)
    versions = []
    for path in paths:
        try:
            info = path.stat()
            versions.append((info.st_size, info.st_mtime_ns))
        except OSError:
            versions.append(None)
    return tuple(versions)


@dataclass(frozen=True, slots=True)
class Content:
    """One scan of the content: the taxonomy, the valid articles (drafts included), every body, every problem."""

    languages: tuple[str, ...]
    taxonomy: Taxonomy
    taxonomy_ok: bool  # False: the taxonomy has problems, so what depends on its keys is not checked
    articles: tuple[Article, ...]
    bodies: Mapping[str, Body]  # by src_uri: every article whose front-matter could be read
    problems: tuple[Problem, ...]

    def hub(self, include_drafts: bool) -> Hub:
        """The model of the valid articles (drafts and scheduled articles left out unless asked for)."""
        articles = [a for a in self.articles if include_drafts or not a.preview_only]
        return Hub.build(self.taxonomy, self.languages, articles)


def read_content(source: Source, schedule: Schedule | None = None, memo: ContentMemo | None = None) -> Content:
    """Read the taxonomy and every article once; every problem is collected, none is raised.

    With a `schedule`, the articles dated after its today are marked scheduled (without one, none is).
    `memo`: the preview's results of the last build, for the files that did not change.
    """
    problems: list[Problem] = []
    taxonomy_path = source.docs_dir / source.taxonomy_file
    taxonomy = load_taxonomy(taxonomy_path, source.shown(taxonomy_path), source.languages, problems)
    taxonomy_ok = not problems
    for child in sorted(source.docs_dir.iterdir()) if source.docs_dir.is_dir() else ():
        if child.is_dir() and (child / source.articles_dir).is_dir() and child.name not in source.languages:
            problems.append(Problem(source.shown(child), 1, "language", f"folder {child.name!r} is not a "
                                    "language of the hub", f"use one of: {', '.join(source.languages)}"))
    bodies: dict[str, Body] = {}
    context = repr((source, taxonomy, schedule)) if memo is not None else ""
    articles = [a for a in (_check_article(p, source, taxonomy, problems, schedule, bodies, memo, context)
                            for p in article_files(source)) if a]
    if memo is not None:  # forget removed files
        for gone in memo.articles.keys() - bodies.keys():
            del memo.articles[gone]
    _check_unique(articles, lambda a: a.slug, "file name", "slug", "rename one of the files", problems)
    _check_unique(articles, lambda a: a.translation_key, "translation_key", "translation_key",
                  "each language may use a translation_key once: change one of them", problems)
    _check_unique(articles, lambda a: (a.series, a.series_part) if a.series else None, "series_part",
                  "series part", "give each part of a series its own number", problems)
    return Content(source.languages, taxonomy, taxonomy_ok, tuple(articles), MappingProxyType(bodies),
                   tuple(problems))


def load_hub(source: Source, include_drafts: bool = False, schedule: Schedule | None = None) -> Hub:
    """Read the taxonomy and every article once; raise one ContentError listing every problem.

    Only the front-matter and the taxonomy: `validate.validate` adds images, paths and links. Drafts,
    and with a `schedule` the articles dated after its today, are left out unless `include_drafts`
    (the preview), which keeps them marked.
    """
    content = read_content(source, schedule)
    if content.problems:
        raise ContentError(content.problems)
    return content.hub(include_drafts)
