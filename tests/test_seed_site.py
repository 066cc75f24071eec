"""The repository's own hub: both seed articles build with their metadata."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, Site
from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_repo_site(tmp_path: Path) -> Site:
    """Build the real repository content into tmp_path (the repo's site/ is left alone)."""
    project = tmp_path / "repo"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    build(load_config(str(project / "mkdocs.yml")))
    return Site(project, project / "site")


def test_seed_articles_render_with_their_metadata(tmp_path: Path) -> None:
    site = build_repo_site(tmp_path)
    en = site.html("en/articles/why-social-media-matters-for-hr/")
    assert en.get("lang") == "en"
    assert en.xpath("string(//article//h1)") == "Why is social media important for Human Resources?"
    assert en.xpath("//article//time/@datetime")[0].startswith("2013-01-16")
    assert en.xpath("//li[contains(@class,'hub-chip--topic')]/@data-key") == [
        "social-media", "employer-brand", "recruitment"]
    assert len(en.xpath("//article//ul/li[contains(., 'target audiences')]")) == 1
    assert en.xpath("string(//article//h2[@id='social-media-strategy-questions'])").startswith(
        "Social Media Strategy Questions")

    tr = site.html("tr/articles/12-adimda-ikcilar-icin-sosyal-medya-2/")
    assert tr.get("lang") == "tr"
    assert tr.xpath("string(//article//h1)") == "12 Adımda İK’cılar İçin Sosyal Medya (2)"
    assert tr.xpath("string(//span[@class='hub-article__published']/time)") == "6 Şubat 2013"
    assert tr.xpath("normalize-space(//p[@class='hub-series__position']/strong)") == "Bölüm 2 / 4"
    assert len(tr.xpath("//ol[@class='hub-series__parts']/li")) == 4
    assert tr.xpath("//ol[@class='hub-series__parts']/li[@aria-current='page']/@value") == ["2"]
    headings = tr.xpath("//article//h2/@id")
    assert headings == ["3-stratejik-amac-planlama-hedefler-ve-olcutler", "4-benchmark-kiyaslama",
                        "5-egitim", "6-isbirligi"]
    assert not site.exists("taxonomy.yml")


def test_articles_stay_out_of_the_sidebar_navigation(tmp_path: Path) -> None:
    site = build_repo_site(tmp_path)
    for url in ("en/", "tr/", "tr/articles/12-adimda-ikcilar-icin-sosyal-medya-2/"):
        page = site.html(url)
        nav_links = page.xpath("//nav[contains(@class,'md-nav--primary') or contains(@class,'md-tabs')]//a/@href")
        assert nav_links, f"{url}: no primary navigation rendered"
        assert not [h for h in nav_links if "/articles/" in h or h.startswith("articles/")], url
