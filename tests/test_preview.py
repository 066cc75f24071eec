"""Instant preview: `mkdocs serve` rebuilds render only the pages whose content changed, and the result is
byte for byte what a fresh build of the same content writes.

One plugin instance rebuilds in serve mode as `mkdocs serve` does (a new config per build, the plugin
kept); after each edit its output folder is compared with a fresh serve-mode build of the same project
in another folder, and the pages it rendered with the pages whose content depends on the edit (an
oracle that compares each page's whole view data, old build against new).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Hub, article, front_matter
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import hub_plugins.preview as preview_module
from hub_plugins import report_page
from hub_plugins.build import Build
from hub_plugins.languages import page_languages
from hub_plugins.preview import PreviewReport
from hub_plugins.routes import REPORT
from hub_plugins.views import article_view

SERVE_URL = "http://127.0.0.1:8000/"
TODAY = "2026-01-15"  # the corpus runs to mid-2026: some articles are scheduled
PER_LANG = 100  # a 200-article corpus
ALWAYS = {"index.md", "en/about.md"}  # the chooser and a page of MkDocs' nav: rendered on every build


class Preview:
    """`mkdocs serve` on one project: one plugin instance, a fresh config for every rebuild."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.config_file = hub.root / "mkdocs.yml"
        self.site = hub.root / "site"
        config = hub.load()
        self.plugin = config.plugins["hub"]
        self.plugin.on_startup(command="serve", dirty=False)
        self.builds: list[Build] = []

    def rebuild(self) -> PreviewReport:
        """What `mkdocs serve` does after a save; waits for the search index (the server does not)."""
        config = load_config(str(self.config_file))
        assert config.plugins["hub"] is self.plugin
        build(config, serve_url=SERVE_URL)
        assert self.plugin.preview is not None and self.plugin.preview.report is not None
        self.plugin.preview.wait()
        self.builds.append(self.plugin.build)
        return self.plugin.preview.report

    def fresh(self, site_dir: Path) -> None:
        """A full serve-mode build of the same project into `site_dir`, without the preview's cache."""
        kept, self.plugin.preview = self.plugin.preview, None
        try:
            build(load_config(str(self.config_file), site_dir=str(site_dir)), serve_url=SERVE_URL)
        finally:
            self.plugin.preview = kept


def tree(folder: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every file (path → bytes) and every folder under `folder`."""
    files, folders = {}, set()
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.is_dir():
            folders.add(name)
        else:
            files[name] = path.read_bytes()
    return files, folders


def assert_same_site(preview: Path, fresh: Path) -> None:
    """The preview's output equals a fresh build's, byte for byte (files and folders)."""
    (ours, our_folders), (theirs, their_folders) = tree(preview), tree(fresh)
    assert sorted(ours.keys() - theirs.keys()) == []
    assert sorted(theirs.keys() - ours.keys()) == []
    assert sorted(name for name in ours if ours[name] != theirs[name]) == []
    assert our_folders == their_folders
    assert len(ours) > 100


def shown(build_: Build, src_uri: str) -> str | None:
    """Everything a page shows of the model, in full (slow, obviously complete): the oracle."""
    hub, routes = build_.hub, build_.routes
    assert hub is not None and routes is not None and build_.listings is not None
    route = routes.get(src_uri)
    if route is None:
        return None
    parts: list[object] = [route, page_languages(routes, src_uri, "en")]
    if (found := hub.by_src_uri.get(src_uri)) is not None:
        parts += [found.body, article_view(hub, routes, found), build_.related.get(src_uri, ()),
                  build_.share_images.get(src_uri), build_.ctas.for_page(found, found.lang, None)]
    if (listing := build_.listings.pages.get(src_uri)) is not None:
        audience = listing.key if listing.kind == "audience" else None
        parts += [listing, build_.ctas.for_page(None, listing.lang, audience)]
    if route.kind == REPORT:
        parts.append(report_page.view(build_.report, hub.taxonomy, routes, route.lang or "en"))
    return repr(parts)


def depending(old: Build, new: Build) -> set[str]:
    """The pages of `new` whose content differs from `old` (or that are new), plus those never traced."""
    assert new.routes is not None
    return {src for src in new.routes.routes if src in ALWAYS or shown(old, src) != shown(new, src)}


# -- the corpus and its edits ------------------------------------------------------------------------

def split(path: Path) -> tuple[dict, str]:
    """An article's front-matter and body."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def rewrite(path: Path, change: Callable[[dict], None] | None = None, body: str | None = None) -> None:
    """Change an article's front-matter fields and/or body."""
    fields, old_body = split(path)
    if change is not None:
        change(fields)
    path.write_text(front_matter(**fields) + (old_body if body is None else body), encoding="utf-8")


@pytest.fixture
def corpus_hub(hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Hub:
    """The 200-article corpus of the benchmark, with a theme override folder, a series and a hand-written page."""
    monkeypatch.setenv("HUB_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    make_corpus = REPO / "bench" / "make_corpus.py"
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(make_corpus), "--out", str(corpus), "--per-lang", str(PER_LANG),
                    "--drafts", "2"], check=True, capture_output=True)
    for lang in ("en", "tr"):
        shutil.copytree(corpus / lang / "articles", hub.docs / lang / "articles")
    taxonomy = hub.taxonomy()
    taxonomy["authors"].update(yaml.safe_load((corpus / "authors.yml").read_text(encoding="utf-8"))["authors"])
    hub.set_taxonomy(taxonomy)
    series = next(iter(taxonomy["series"]))
    for part, path in enumerate(sorted((hub.docs / "en/articles").glob("*.md"))[:3], start=1):
        rewrite(path, lambda f, part=part: f.update(series=series, series_part=part))
    hub.write("en/about.md", "---\ntitle: About us\n---\n\n# About us\n\nWho we are.\n")
    overrides = hub.root / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    hub.config["theme"]["custom_dir"] = str(overrides)
    hub.config["plugins"] = ["hub"]
    return hub


def articles(hub: Hub, lang: str = "en") -> list[Path]:
    return sorted((hub.docs / lang / "articles").glob("*.md"))


def src(hub: Hub, path: Path) -> str:
    return path.relative_to(hub.docs).as_posix()


@pytest.mark.slow
def test_every_kind_of_change_renders_what_depends_on_it_and_equals_a_fresh_build(corpus_hub: Hub) -> None:
    hub = corpus_hub
    preview = Preview(hub)
    fresh = hub.root / "fresh"
    first = preview.rebuild()
    assert first.full and len(first.rendered) == first.pages > 250
    assert_same_site(preview.site, fresh_build(preview, fresh))

    en = articles(hub)
    body_edit, title_edit, topics_edit, audience_edit, dated = en[10], en[20], en[30], en[40], en[50]
    # (name, edit, check of the report against the pages that depend on the edit)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("nothing", lambda: None),
        ("body", lambda: rewrite(body_edit, body=split(body_edit)[1].replace(" the ", " our ", 1))),
        ("title", lambda: rewrite(title_edit, lambda f: f.update(title=f["title"] + " Revisited"))),
        ("topics", lambda: rewrite(topics_edit, lambda f: f.update(topics=["employer-brand"]))),
        ("audiences", lambda: rewrite(audience_edit, lambda f: f.update(audience=["employees"]))),
        ("series", lambda: rewrite(en[1], lambda f: f.update(series_part=4))),
        ("translation_key", lambda: rewrite(en[60], lambda f: f.update(translation_key="preview-pair"))),
        ("date", lambda: rewrite(dated, lambda f: f.update(date="2025-12-31"))),
        ("draft published", lambda: publish_a_draft(hub)),
        ("added", lambda: hub.write("en/articles/a-new-story.md", article(
            "A new story", date="2025-11-02", audience=["students"], topics=["recruitment", "social-media"]))),
        ("removed", lambda: en[70].unlink()),
        ("renamed", lambda: en[80].rename(en[80].with_name("renamed-story.md"))),
        ("taxonomy label", lambda: relabel_topic(hub, "social-media", "Social networks")),
        ("template", lambda: edit_template(hub)),
        ("mkdocs.yml", lambda: hub.load(site_name="Test Hub Careers")),
    ]
    for name, edit in steps:
        edit()
        report = preview.rebuild()
        assert_same_site(preview.site, fresh_build(preview, fresh))
        rendered = set(report.rendered)
        old, new = preview.builds[-2], preview.builds[-1]
        print(f"{name}: rendered {len(rendered)} of {report.pages} pages, converted {len(report.converted)}, "
              f"copied {report.copied} files")  # `pytest -s` shows the figures
        if name in ("template", "mkdocs.yml"):  # every page depends on them
            assert report.full and len(rendered) == report.pages, name
            # Markdown does not depend on templates; mkdocs.yml holds the Markdown settings.
            assert len(report.converted) == (0 if name == "template" else report.pages - len(ALWAYS)), name
            continue
        assert not report.full, name
        assert rendered == depending(old, new), name
        if name == "nothing":
            assert rendered == ALWAYS and report.converted == () and report.copied == 0
        elif name == "body":
            assert rendered == ALWAYS | {src(hub, body_edit)}
            assert report.converted == (src(hub, body_edit),)
        elif name == "title":
            assert src(hub, title_edit) in rendered and len(rendered) < 20
            # Its social card and the card's WebP variants (480, 960 and 1200 px).
            assert report.converted == () and report.copied == 1 + 3
        else:
            assert len(rendered) < report.pages / 2, name


def fresh_build(preview: Preview, folder: Path) -> Path:
    preview.fresh(folder)
    return folder


def publish_a_draft(hub: Hub) -> None:
    draft = next(p for p in articles(hub, "tr") if "draft: true" in p.read_text(encoding="utf-8"))
    rewrite(draft, lambda f: f.pop("draft"))


def relabel_topic(hub: Hub, key: str, label: str) -> None:
    taxonomy = hub.taxonomy()
    taxonomy["topics"][key]["en"]["label"] = label
    hub.set_taxonomy(taxonomy)


def edit_template(hub: Hub) -> None:
    main = hub.root / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}\n  <meta name="hub-template-version" content="2">'),
        encoding="utf-8")


# -- small hubs ----------------------------------------------------------------------------------------

def small_hub(hub: Hub) -> Preview:
    hub.config["plugins"] = ["hub"]  # as the project's mkdocs.yml: the hub's search, not MkDocs'
    hub.write("en/articles/one.md", article("One", body="[Two](two.md) and [an absolute link](/jobs/).\n"))
    hub.write("en/articles/two.md", article("Two", topics=["employer-brand"]))
    hub.write("tr/articles/uc.md", article("Üç", translation_key="three"))
    hub.write("en/articles/three.md", article("Three", translation_key="three"))
    return Preview(hub)


def test_a_body_edit_converts_and_renders_one_page(hub: Hub, tmp_path: Path) -> None:
    preview = small_hub(hub)
    assert preview.rebuild().full
    path = hub.docs / "en/articles/two.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Some text.", "Some other text."), encoding="utf-8")

    report = preview.rebuild()
    assert set(report.rendered) == {"index.md", "en/articles/two.md"}
    assert report.converted == ("en/articles/two.md",)
    assert "Some other text." in (preview.site / "en/articles/two/index.html").read_text(encoding="utf-8")
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_a_renamed_link_target_converts_the_page_that_links_to_it(hub: Hub, tmp_path: Path) -> None:
    preview = small_hub(hub)
    preview.rebuild()
    # `two.md` moves and `one.md` follows it: one's Markdown resolves to a new URL.
    (hub.docs / "en/articles/two.md").rename(hub.docs / "en/articles/deux.md")
    one = hub.docs / "en/articles/one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("two.md", "deux.md"), encoding="utf-8")

    report = preview.rebuild()
    assert {"en/articles/one.md", "en/articles/deux.md"} <= set(report.converted)
    assert not (preview.site / "en/articles/two").exists()
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_what_mkdocs_logs_while_converting_is_logged_again_when_the_conversion_is_reused(
        hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    preview = small_hub(hub)
    message = "contains an absolute link '/jobs/', it was left as is"
    preview.rebuild()
    assert len([r for r in caplog.records if message in r.getMessage()]) == 1
    caplog.clear()

    report = preview.rebuild()
    assert report.converted == ()
    assert len([r for r in caplog.records if message in r.getMessage() and r.levelno == logging.INFO]) == 1


def test_a_replaced_picture_is_checked_again_though_its_article_did_not_change(
        hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    from PIL import Image

    preview = small_hub(hub)
    picture = hub.docs / "en/articles/team.png"
    Image.new("RGB", (300, 200), "teal").save(picture)
    two = hub.docs / "en/articles/two.md"
    two.write_text(two.read_text(encoding="utf-8") + "\n![Our team](team.png)\n", encoding="utf-8")
    preview.rebuild()
    preview.rebuild()  # the article is now in the preview's memo of checked articles
    Image.new("RGB", (6001, 20), "teal").save(picture)  # the same name, over the width limit
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(load_config(str(preview.config_file)), serve_url=SERVE_URL)
    assert "en/articles/two.md:" in caplog.text and "6,001 pixels wide" in caplog.text


def test_a_failed_build_keeps_the_served_site_and_the_next_one_catches_up(hub: Hub, tmp_path: Path) -> None:
    preview = small_hub(hub)
    preview.rebuild()
    before, _ = tree(preview.site)
    two = hub.docs / "en/articles/two.md"
    good = two.read_text(encoding="utf-8")
    two.write_text(good.replace("title: Two", "title: Two again").replace("topics:", "topic:"), encoding="utf-8")
    with pytest.raises(Abort):
        build(load_config(str(preview.config_file)), serve_url=SERVE_URL)
    assert tree(preview.site)[0] == before

    two.write_text(good.replace("title: Two", "title: Two again"), encoding="utf-8")
    report = preview.rebuild()
    assert "en/articles/two.md" in report.rendered
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_an_untraced_page_variable_turns_the_preview_off(hub: Hub, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    preview = small_hub(hub)
    preview.rebuild()
    page_context = Build.page_context

    def with_new_variable(self: Build, context: dict, page: object) -> dict:
        context = page_context(self, context, page)  # type: ignore[arg-type]
        context["hub_something_new"] = 1
        return context

    monkeypatch.setattr(Build, "page_context", with_new_variable)
    preview.rebuild()
    assert "hub_something_new are not traced by the preview" in caplog.text
    report = preview.rebuild()
    assert report.full and len(report.rendered) == report.pages


def test_a_plugin_that_handles_every_page_turns_the_preview_off(hub: Hub, tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    preview = small_hub(hub)
    hub.config["plugins"] = ["search", "hub"]  # MkDocs' search indexes every page in on_page_context
    hub.load()
    preview.rebuild()
    assert "search handle(s) every page" in caplog.text
    report = preview.rebuild()
    assert report.full and len(report.rendered) == report.pages
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_publishing_after_serving_uses_no_preview(hub: Hub) -> None:
    preview = small_hub(hub)
    preview.rebuild()
    site = hub.build()
    assert preview.plugin.preview is None and preview.plugin.build.preview is None
    assert site.exists("en/articles/two/")


def test_the_search_index_of_unchanged_bundles_is_kept(hub: Hub, tmp_path: Path) -> None:
    preview = small_hub(hub)
    preview.rebuild()
    index = preview.site / "pagefind"
    bundles = {p.name: p.stat().st_ino for p in index.iterdir()}
    assert set(bundles) == {"en", "tr"}
    path = hub.docs / "en/articles/two.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Some text.", "Other words."), encoding="utf-8")

    preview.rebuild()
    now = {p.name: p.stat().st_ino for p in index.iterdir()}
    assert now["tr"] == bundles["tr"]  # left in place
    assert now["en"] != bundles["en"]  # indexed again, then moved in
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_article_pages_compare_whole_views_when_the_views_change(hub: Hub, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_module, "_views_known", lambda: False)  # as if ArticleView had a new field
    preview = small_hub(hub)
    preview.rebuild()
    path = hub.docs / "en/articles/two.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Two", "title: Two, retitled"),
                    encoding="utf-8")

    report = preview.rebuild()
    assert not report.full and report.converted == ()
    assert {"en/articles/two.md", "en/topics/employer-brand/index.md", "en/index.md"} <= set(report.rendered)
    assert "tr/articles/uc.md" not in report.rendered
    assert set(report.rendered) == depending(preview.builds[-2], preview.builds[-1]) - ALWAYS | {"index.md"}
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))


def test_a_markdown_extension_that_may_read_other_files_turns_the_preview_off(
        hub: Hub, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    preview = small_hub(hub)
    hub.config["markdown_extensions"] = [*hub.config["markdown_extensions"], "pymdownx.snippets"]
    hub.load()
    preview.rebuild()
    assert "pymdownx.snippets may read other files" in caplog.text
    report = preview.rebuild()
    assert report.full and len(report.rendered) == report.pages and report.converted == ()
    assert_same_site(preview.site, fresh_build(preview, tmp_path / "fresh"))
