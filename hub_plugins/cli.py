"""The writers' command line: `hub new`, `hub check` and `hub report` (also `python -m hub_plugins`).

Exit codes: 0 everything is fine; 1 the content has errors (the same located messages as
`mkdocs build`); 2 usage error (unknown option, language or key, a file that already exists,
a folder that is not a hub project).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from .clock import ClockError, Schedule, today
from .errors import ContentError, Problem
from .i18n import load_catalog
from .loader import load_hub
from .model import Hub
from .project import Project, ProjectError, load_project
from .report import Coverage, coverage
from .routes import page_url
from .scaffold import Request, ScaffoldError, plan_article, write_article
from .taxonomy import load_taxonomy
from .validate import validate

OK, CONTENT_ERRORS, USAGE_ERROR = 0, 1, 2

EPILOG = """exit codes:
  0  everything is fine
  1  the content has errors (each one named with file, line, field and the fix)
  2  usage error: unknown option, language or key, a file that already exists,
     or a folder that is not a hub project (no mkdocs.yml with the 'hub' plugin)"""


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def _keys(text: str) -> list[str]:
    """`--topics a,b` and `--topics a b` both give ['a', 'b']."""
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command, with `--help` on each."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the hub's folder, where mkdocs.yml is (default: the current folder)")
    parser = argparse.ArgumentParser(
        prog="hub", description="Writers' tools for the career hub: create, check and report on articles.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new", parents=[common], epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="create a new article with valid front-matter",
        description="Create content/<lang>/articles/<slug>.md from a title: the slug is the title "
                    "transliterated (İşe Alım → ise-alim), the date is today (HUB_TODAY when set), keys are "
                    "checked against taxonomy.yml. The article starts as a draft. An existing file is never "
                    "overwritten.")
    new.add_argument("--title", required=True, help="the article's title, in its language")
    new.add_argument("--lang", help="language folder (default: the hub's default language)")
    new.add_argument("--audience", action="extend", type=_keys, default=[], metavar="KEYS",
                     help="audience keys, comma-separated (e.g. students,professionals)")
    new.add_argument("--topics", action="extend", type=_keys, default=[], metavar="KEYS",
                     help="topic keys, comma-separated (e.g. recruitment)")
    new.add_argument("--description", help="one or two sentences (default: a TODO to replace)")
    new.add_argument("--author", action="extend", type=_keys, default=[], metavar="KEYS",
                     help="author keys from taxonomy.yml, comma-separated (e.g. an interview: ayse,editorial-team)")
    new.add_argument("--series", metavar="KEY", help="series key from taxonomy.yml")
    new.add_argument("--part", type=int, metavar="N",
                     help="part number in the series (default: the next free one)")
    new.add_argument("--translation-of", type=Path, metavar="PATH",
                     help="the article this one translates: its translation_key, audience, topics and "
                          "series are reused")
    new.add_argument("--slug", help="file name without .md (default: made from the title)")
    new.add_argument("--date", help="publication date YYYY-MM-DD (default: today); a later day schedules "
                                    "the article: it is published by the first build on or after that day")
    new.add_argument("--publish", dest="draft", action="store_false",
                     help="leave out 'draft: true' (the article is published on the next build)")

    check = commands.add_parser(
        "check", parents=[common], epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="check all content like the build does, without building",
        description="Validate all content with the build's own checks and messages, all problems at once: "
                    "front-matter, taxonomy.yml, article images, files where the hub generates a page, and "
                    "Markdown links and anchors between the files of the site.")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text (default), json, or github (GitHub Actions annotations)")

    report = commands.add_parser(
        "report", parents=[common], epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="the coverage report: audiences × topics × languages, gaps and stale articles",
        description="Who do we write for, what about, in which language, and where are we silent? "
                    "'Today' is HUB_TODAY (YYYY-MM-DD) when set, else the current day in the hub's "
                    "time_zone (default Europe/Istanbul). Scheduled articles (dated after today) are "
                    "listed with their day.")
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.add_argument("--stale-days", type=int, metavar="DAYS",
                        help="an article is stale after this many days without 'updated' "
                             "(default: report.stale_days in mkdocs.yml, else 365)")
    report.add_argument("--drafts", action="store_true", help="count drafts and scheduled articles too")
    report.add_argument("--lang", help="show one language only (text output)")
    report.add_argument("--limit", type=int, default=20, metavar="N",
                        help="list at most N items per section in text output (default 20; 0: all)")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run one command; returns the exit code."""
    out = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        project = load_project(args.root)
        return {"new": cmd_new, "check": cmd_check, "report": cmd_report}[args.command](project, args, out)
    except (ProjectError, ScaffoldError, UsageError, ClockError) as error:
        print(f"hub {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR


def cmd_new(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    """Scaffold one article."""
    source = project.source
    problems: list[Problem] = []
    taxonomy_path = source.docs_dir / source.taxonomy_file
    taxonomy = load_taxonomy(taxonomy_path, source.shown(taxonomy_path), source.languages, problems)
    if problems:
        return _print_problems(problems, out, "text")
    request = Request(lang=args.lang or project.default_language, title=args.title,
                      audiences=tuple(args.audience), topics=tuple(args.topics), description=args.description,
                      authors=tuple(args.author), series=args.series, part=args.part,
                      translation_of=args.translation_of, slug=args.slug, date=args.date, draft=args.draft)
    plan = plan_article(source, taxonomy, load_catalog(source.languages), request,
                        today(project.options.time_zone))
    try:
        problems = write_article(plan, source, taxonomy)
    except FileExistsError:
        raise UsageError(f"{plan.shown} already exists — nothing was written") from None
    if problems:  # the scaffold itself is wrong: a bug, but say it in the content's terms
        plan.path.unlink()
        return _print_problems(problems, out, "text")
    print(f"Created {plan.shown}" + (" (a draft: shown in the preview only)" if args.draft else ""), file=out)
    if plan.original_needs_key:
        original = plan.original.source_path if plan.original else ""
        print(f"To link it with its original, add this line to the front-matter of {original}:\n"
              f"    translation_key: {plan.original_needs_key}", file=out)
    print("Next:", file=out)
    print(f"  1. write the description and the text in {plan.shown}", file=out)
    url = page_url(plan.src_uri, project.use_directory_urls)
    print(f"  2. preview it: ./run serve, then open http://127.0.0.1:8000/{url}", file=out)
    print("  3. check it: ./run check", file=out)
    if args.draft:
        print("  4. when it is ready, delete the line 'draft: true' and commit", file=out)
    return OK


def cmd_check(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    """Validate all content with the build's own validation, as a published build (`mkdocs build`) runs it."""
    started = time.perf_counter()
    try:
        checked = validate(project.source, project.options, project.rules,
                           schedule=Schedule.of(project.options.time_zone),
                           use_directory_urls=project.use_directory_urls)
    except ContentError as error:
        return _print_problems(error.problems, out, args.format)
    finally:
        project.source.headers.save()  # the pictures' headers, for the next check or build
    seconds = time.perf_counter() - started
    articles = checked.articles
    per_lang = {lang: sum(1 for a in articles if a.lang == lang) for lang in project.source.languages}
    drafts = sum(1 for a in articles if a.draft)
    scheduled = sum(1 for a in articles if a.scheduled_for)
    if args.format == "json":
        json.dump({"ok": True, "articles": per_lang, "drafts": drafts, "scheduled": scheduled, "problems": []},
                  out)
        out.write("\n")
    elif args.format == "text":
        counts = ", ".join(f"{lang}: {n}" for lang, n in per_lang.items())
        waiting = _count(drafts, "draft") + (f", {scheduled} scheduled" if scheduled else "")
        print(f"No problems: {_count(len(articles), 'article')} ({counts}; {waiting}) "
              f"checked in {seconds:.2f} s.", file=out)
    return OK


def _count(number: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_problems(problems: list[Problem], out: TextIO, fmt: str) -> int:
    """Print the problems as the build does (or as JSON / GitHub annotations); exit code 1."""
    problems = sorted(problems)
    if fmt == "json":
        json.dump({"ok": False, "problems": [p.as_dict() for p in problems]}, out, ensure_ascii=False)
        out.write("\n")
    elif fmt == "github":
        for p in problems:
            print(f"::error file={_gh(p.path, True)},line={p.line},title={_gh(p.field, True)}::"
                  f"{_gh(p.message + (' — ' + p.fix if p.fix else ''), False)}", file=out)
    else:
        print(str(ContentError(problems)), file=out)
        print("Fix each line above (file:line: field: what is wrong — how to fix it), then run the check "
              "again.", file=out)
    return CONTENT_ERRORS


def _gh(text: str, is_property: bool) -> str:
    """Escape a value for a GitHub Actions workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def cmd_report(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    """Compute the coverage report and print it as a table or JSON."""
    stale_days = args.stale_days if args.stale_days is not None else project.options.report.stale_days
    if stale_days < 0:
        raise UsageError("--stale-days: must be 0 or more")
    schedule = Schedule.of(project.options.time_zone)
    try:  # read everything once; counts leave drafts and scheduled articles out unless --drafts
        everything = load_hub(project.source, include_drafts=True, schedule=schedule)
    except ContentError as error:
        return _print_problems(error.problems, out, "text")
    if args.lang is not None and args.lang not in everything.languages:
        raise UsageError(f"--lang: unknown language {args.lang!r} — use one of: {', '.join(everything.languages)}")
    hub = everything if args.drafts else Hub.build(everything.taxonomy, everything.languages,
                                                   [a for a in everything.articles if not a.preview_only])
    report = coverage(hub, schedule.today, stale_days, scheduled=everything.articles,
                      default_cta=project.options.cta is not None)
    if args.format == "json":
        # Where MkDocs will put each article, asked without building (use_directory_urls of mkdocs.yml).
        report_json = report.as_dict(lambda src_uri: page_url(src_uri, project.use_directory_urls))
        json.dump(report_json, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        colour = out.isatty() and not os.environ.get("NO_COLOR")
        out.write(render_text(report, colour=colour, limit=args.limit, only=args.lang))
    return OK


class _Style:
    """ANSI styles, or nothing when the output is not a terminal."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def render_text(report: Coverage, colour: bool = False, limit: int = 20, only: str | None = None) -> str:
    """The report as plain-text tables (ANSI colour only when asked), of every language or `only` one."""
    shown_langs = [lang for lang in report.languages if only in (None, lang)]
    style = _Style(colour)
    bold, dim, warn = (lambda s: style(s, "1")), (lambda s: style(s, "2")), (lambda s: style(s, "33"))
    lines: list[str] = [bold(f"Coverage report — {report.today.isoformat()}"), ""]

    def listing(title: str, items: list[str]) -> None:
        lines.append(bold(f"{title} ({len(items)})"))
        shown = items if limit <= 0 else items[:limit]
        lines.extend(f"  {item}" for item in shown) if items else lines.append(dim("  none"))
        if len(shown) < len(items):
            lines.append(dim(f"  … and {len(items) - len(shown)} more (--limit 0 shows all, --format json "
                             "gives everything)"))
        lines.append("")

    first = max([len("audience \\ topic"), *map(len, report.audiences)])
    widths = [max(len(t), 3) for t in report.topics]
    for lang in shown_langs:
        count = report.articles_per_language[lang]
        lines.append(bold(f"{lang}: {count} article{'' if count == 1 else 's'} — audience × topic"))
        columns = list(zip(report.topics, widths, strict=True))
        header = "audience \\ topic".ljust(first) + "".join(f"  {t:>{w}}" for t, w in columns)
        lines.append(dim(header + "  total"))
        for audience in report.audiences:
            cells = []
            for topic, width in columns:
                count = report.count(lang, audience, topic)
                cells.append(f"  {count:>{width}}" if count else "  " + warn(f"{'·':>{width}}"))
            lines.append(audience.ljust(first) + "".join(cells)
                         + f"  {report.audience_counts[(lang, audience)]:>5}")
        lines.append("total".ljust(first) + "".join(
            f"  {report.topic_counts[(lang, t)]:>{w}}" for t, w in columns))
        empty = report.empty_cells_in(lang)
        cells_total = len(report.audiences) * len(report.topics)
        lines.append((warn if empty else dim)(f"{len(empty)} of {cells_total} cells empty (·) in {lang}"))
        lines.append("")

    listing("Translation gaps: translation_key without every language", [
        f"{g.key}: " + ", ".join(r.path for r in g.present) + f" — missing in {', '.join(g.missing)}"
        for g in report.translation_gaps if set(g.missing) & set(shown_langs)])
    listing("Articles without a translation_key",
            [r.path for r in report.untranslated if r.lang in shown_langs])
    listing("Series with missing parts", [
        f"{g.series} ({g.lang}): parts {', '.join(map(str, g.missing))} missing of {g.total}"
        for g in report.series_gaps if g.lang in shown_langs])
    listing(f"Stale: no update in {report.stale_days} days", [
        f"{s.article.path}  last {s.modified.isoformat()} ({s.age_days} days)" for s in report.stale
        if s.article.lang in shown_langs])
    listing("Empty listings: keys with no article in a language", [
        f"{e.lang}  {e.kind}: {e.key}" for e in report.empty_listings if e.lang in shown_langs])
    fallback = " of their own (they show the default of mkdocs.yml)" if report.default_cta else ""
    listing(f"Audiences without a call to action{fallback}", list(report.audiences_without_cta))
    if report.drafts:
        listing("Drafts", [r.path for r in report.drafts if r.lang in shown_langs])
    if report.scheduled:
        listing("Scheduled: published on their day", [
            f"{s.day.isoformat()}  {s.article.path}" for s in report.scheduled if s.article.lang in shown_langs])
    return "\n".join(lines)
