"""The editors' coverage report as a page per language (`<lang>/report/`), kept out of search and sitemap."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, InclusionLevel

from .i18n import format_date
from .routes import ARTICLE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs.config.defaults import MkDocsConfig

    from .i18n import Catalog
    from .model import Taxonomy
    from .report import ArticleRef, Coverage
    from .routes import RouteTable

TEMPLATE = "hub-report.html"
HEAT_LEVELS = 4  # shades of a non-empty heat-map cell; level 0 is an empty cell, drawn to stand out
BAR_HEIGHT = 120  # tallest month bar, in the chart's own units (hub/report-charts.html draws it)
GAP_WIDTH = 300  # longest translation bar, in the chart's own units
LABEL_LINE = 16  # characters per line of a heat-map label before it wraps


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
    url: str | None  # None for a draft, which has no page in a published build
    modified_iso: str
    modified_text: str
    age_days: int


@dataclass(frozen=True, slots=True)
class ScheduledRow:
    """A scheduled article (listed in the preview only) with its day in the page's language."""

    path: str
    lang: str
    title: str
    url: str | None  # its page in the preview (None when published: it has none yet)
    day_iso: str
    day_text: str


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One audience × topic cell: its count and its shade (0: no article, 1–4: share of the busiest cell)."""

    audience: str
    topic: str
    audience_label: str
    topic_label: str
    count: int
    level: int


@dataclass(frozen=True, slots=True)
class HeatRow:
    """An audience's row of the heat map; its label split into short lines."""

    key: str
    label: str
    lines: tuple[str, ...]
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True, slots=True)
class HeatMap:
    """The audience × topic heat map of one language."""

    lang: str
    topics: tuple[tuple[str, str], ...]  # (key, label) per column, drawn slanted
    rows: tuple[HeatRow, ...]
    empty: int  # cells with no article
    busiest: int  # the largest count, which gets the darkest shade


@dataclass(frozen=True, slots=True)
class MonthBar:
    """One month's bar: its count, its height in chart units, and its label in the page's language."""

    month_iso: str  # 2024-06
    label: str  # Haziran 2024
    short: str  # Haz 24 (drawn under every third bar)
    count: int
    height: int
    labelled: bool


@dataclass(frozen=True, slots=True)
class MonthChart:
    """Articles per month of one language over the last months; one scale for every language."""

    lang: str
    bars: tuple[MonthBar, ...]
    scale: int  # the count a full-height bar stands for
    height: int  # the height of a full bar, in chart units
    total: int
    silent_months: int  # months with no article


@dataclass(frozen=True, slots=True)
class TranslationBar:
    """One language's articles by translation state, with bar widths in chart units."""

    lang: str
    translated: int  # has a version in every language
    waiting: int  # has a translation_key that some language lacks
    no_key: int  # has no translation_key
    missing_here: int  # articles of other languages with no version in this one
    widths: tuple[int, int, int]  # translated, waiting, no_key


def _lines(label: str, width: int = LABEL_LINE) -> tuple[str, ...]:
    """A label split at spaces into lines of about `width` characters (SVG text does not wrap)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def heat_map(report: Coverage, lang: str, audiences: Mapping[str, str], topics: Mapping[str, str]) -> HeatMap:
    """The audience × topic heat map of `lang`, shaded relative to its busiest cell."""
    busiest = max((report.count(lang, a, t) for a in report.audiences for t in report.topics), default=0)

    def level(count: int) -> int:
        return 0 if count == 0 else max(1, math.ceil(HEAT_LEVELS * count / busiest))

    rows = tuple(HeatRow(a, audiences[a], _lines(audiences[a]), tuple(
        HeatCell(a, t, audiences[a], topics[t], report.count(lang, a, t), level(report.count(lang, a, t)))
        for t in report.topics)) for a in report.audiences)
    return HeatMap(lang, tuple((t, topics[t]) for t in report.topics), rows,
                   len(report.empty_cells_in(lang)), busiest)


def month_chart(report: Coverage, lang: str, page_lang: str) -> MonthChart:
    """Articles of `lang` per month, labelled in `page_lang`, on the scale of the busiest month of any language."""
    scale = max([report.per_month.get((other, m), 0) for other in report.languages for m in report.months] or [0])
    bars = []
    for index, month in enumerate(report.months):
        count = report.per_month.get((lang, month), 0)
        height = round(BAR_HEIGHT * count / scale) if scale else 0
        bars.append(MonthBar(month.strftime("%Y-%m"), format_date(month, page_lang, "LLLL y"),
                             format_date(month, page_lang, "LLL yy"), count, max(height, 2 if count else 0),
                             (len(report.months) - 1 - index) % 3 == 0))  # the current month is labelled
    return MonthChart(lang, tuple(bars), scale, BAR_HEIGHT, sum(b.count for b in bars),
                      sum(1 for b in bars if not b.count))


def translation_bars(report: Coverage) -> tuple[TranslationBar, ...]:
    """Per language: articles translated everywhere, waiting for a translation, and with no translation_key."""
    counts = []
    for lang in report.languages:
        no_key = sum(1 for ref in report.untranslated if ref.lang == lang)
        waiting = sum(1 for gap in report.translation_gaps for ref in gap.present if ref.lang == lang)
        missing_here = sum(1 for gap in report.translation_gaps if lang in gap.missing)
        counts.append((lang, report.articles_per_language[lang] - no_key - waiting, waiting, no_key, missing_here))
    longest = max([translated + waiting + no_key for _, translated, waiting, no_key, _ in counts] or [0])

    def width(count: int) -> int:
        return round(GAP_WIDTH * count / longest) if longest else 0

    return tuple(TranslationBar(lang, translated, waiting, no_key, missing,
                                (width(translated), width(waiting), width(no_key)))
                 for lang, translated, waiting, no_key, missing in counts)


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
    heat_maps: Mapping[str, HeatMap]  # per language
    month_charts: Mapping[str, MonthChart]  # per language
    translations: tuple[TranslationBar, ...]  # the page's language first
    urls: Mapping[str, str]  # src_uri → URL of every article of the build, for the report's links
    translation_width: int = GAP_WIDTH  # the longest translation bar, in chart units

    def url(self, ref: ArticleRef) -> str | None:
        """The page of an article the report names (None for a draft, not published)."""
        return self.urls.get(ref.src_uri)


def view(report: Coverage, taxonomy: Taxonomy, routes: RouteTable, lang: str) -> ReportPage:
    """The report localized for the page in `lang`."""
    urls = {uri: route.url for uri, route in routes.routes.items() if route.kind == ARTICLE}
    audiences = {k: t.label(lang) for k, t in taxonomy.audiences.items()}
    topics = {k: t.label(lang) for k, t in taxonomy.topics.items()}
    languages = (lang, *(other for other in report.languages if other != lang))
    by_lang = {bar.lang: bar for bar in translation_bars(report)}
    return ReportPage(
        report=report, lang=lang, today_iso=report.today.isoformat(),
        languages=languages,
        today_text=format_date(report.today, lang),
        audiences=audiences, topics=topics,
        series={k: s.titles[lang] for k, s in taxonomy.series.items()},
        urls=urls,
        stale=tuple(StaleRow(s.article.path, s.article.title, urls.get(s.article.src_uri), s.modified.isoformat(),
                             format_date(s.modified, lang), s.age_days)
                    for s in report.stale),
        scheduled=tuple(ScheduledRow(s.article.path, s.article.lang, s.article.title, urls.get(s.article.src_uri),
                                     s.day.isoformat(), format_date(s.day, lang)) for s in report.scheduled),
        heat_maps={other: heat_map(report, other, audiences, topics) for other in languages},
        month_charts={other: month_chart(report, other, lang) for other in languages},
        translations=tuple(by_lang[other] for other in languages),
    )
