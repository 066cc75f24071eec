"""The editors' coverage report as a page per language (`<lang>/report/`), kept out of search and sitemap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, InclusionLevel

from .i18n import format_date

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs.config.defaults import MkDocsConfig

    from .i18n import Catalog
    from .model import Taxonomy
    from .report import Coverage

TEMPLATE = "hub-report.html"


def src_uri(lang: str) -> str:
    """Where the report page of `lang` lives (URL `<lang>/report/`)."""
    return f"{lang}/report/index.md"


def files(config: MkDocsConfig, languages: tuple[str, ...], catalog: Catalog) -> list[File]:
    """One generated report page per language, out of the nav, search and sitemap."""
    result = []
    for lang in languages:
        # JSON strings are valid YAML: the localized title needs no further escaping.
        title = catalog.t(lang, "report_title").replace("\\", "\\\\").replace('"', '\\"')
        content = (f'---\ntitle: "{title}"\ntemplate: {TEMPLATE}\nhub_report: true\nhub_noindex: true\n'
                   "search:\n  exclude: true\n---\n")
        file = File.generated(config, src_uri(lang), content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        result.append(file)
    return result


@dataclass(frozen=True, slots=True)
class StaleRow:
    """A stale article with its last change written the way readers of the page's language write dates."""

    path: str
    title: str
    url: str
    modified_iso: str
    modified_text: str
    age_days: int
    published: bool  # False for a draft, which has no page in a published build


@dataclass(frozen=True, slots=True)
class ScheduledRow:
    """A scheduled article (listed in the preview only) with its day in the page's language."""

    path: str
    lang: str
    title: str
    url: str
    day_iso: str
    day_text: str


@dataclass(frozen=True, slots=True)
class ReportPage:
    """What `hub-report.html` shows: the coverage report with labels in the page's language."""

    report: Coverage
    lang: str
    languages: tuple[str, ...]  # the page's language first
    today_iso: str
    today_text: str
    audiences: Mapping[str, str]  # key → label
    topics: Mapping[str, str]
    series: Mapping[str, str]
    stale: tuple[StaleRow, ...]
    scheduled: tuple[ScheduledRow, ...]


def view(report: Coverage, taxonomy: Taxonomy, lang: str) -> ReportPage:
    """The report localized for the page in `lang`."""
    drafts = {r.path for r in report.drafts}
    return ReportPage(
        report=report, lang=lang, today_iso=report.today.isoformat(),
        languages=(lang, *(other for other in report.languages if other != lang)),
        today_text=format_date(report.today, lang),
        audiences={k: t.label(lang) for k, t in taxonomy.audiences.items()},
        topics={k: t.label(lang) for k, t in taxonomy.topics.items()},
        series={k: s.titles[lang] for k, s in taxonomy.series.items()},
        stale=tuple(StaleRow(s.article.path, s.article.title, s.article.url, s.modified.isoformat(),
                             format_date(s.modified, lang), s.age_days, s.article.path not in drafts)
                    for s in report.stale),
        scheduled=tuple(ScheduledRow(s.article.path, s.article.lang, s.article.title, s.article.url,
                                     s.day.isoformat(), format_date(s.day, lang)) for s in report.scheduled),
    )
