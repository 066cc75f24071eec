"""Drafts: shown and marked in `mkdocs serve`, absent from `mkdocs build` output everywhere."""

from __future__ import annotations

from conftest import Hub, article
from lxml import html
from mkdocs.commands.build import build


def all_text(folder) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*")
                     if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"})


def test_drafts_are_absent_from_a_build(hub: Hub) -> None:
    hub.write("en/articles/published.md", article("Published piece"))
    hub.write("en/articles/secret.md", article("Secret draft zebra", draft=True))
    site = hub.build()
    assert site.exists("en/articles/published/")
    assert not site.exists("en/articles/secret/")
    text = all_text(site.site_dir)
    assert "Published piece" in text
    assert "zebra" not in text and "secret" not in text


def test_drafts_are_shown_and_marked_when_serving(hub: Hub) -> None:
    hub.write("en/articles/secret.md", article("Secret draft", draft=True))
    hub.write("tr/articles/taslak.md", article("Taslak yazı", draft=True))
    config = hub.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # later tests publish
    site = hub.root / "site"
    en = html.fromstring((site / "en/articles/secret/index.html").read_bytes())
    assert en.xpath("normalize-space(//p[@class='hub-draft']/strong)") == "Draft"
    tr = html.fromstring((site / "tr/articles/taslak/index.html").read_bytes())
    assert tr.xpath("normalize-space(//p[@class='hub-draft']/strong)") == "Taslak"
    # The preview's home lists the draft (its only article, so its featured story), marked as one.
    home = html.fromstring((site / "tr/index.html").read_bytes())
    latest = home.xpath("//section[@class='hub-featured' or @class='hub-latest']"
                        "//li[contains(@class, 'hub-list__item')]")
    assert [item.xpath("normalize-space(.//h3)") for item in latest] == ["Taslak yazı"]
    assert latest[0].xpath("normalize-space(.//strong[@class='hub-draft'])") == "Taslak"
