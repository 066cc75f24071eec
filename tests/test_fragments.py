"""Fragments (fragments.py): parts of pages rendered once per build must print exactly what rendering
them on every page prints."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.theme import Theme
from mkdocs.utils import normalize_url
from sample_project import copy_project

from hub_plugins import fragments
from hub_plugins.fragments import Fragments
from hub_plugins.linkcheck import LinkCheck

CARD = (
    """{% macro card(target, label) %}<a href="{{ target | url }}">{{ label }}{{ count() }}</a>{% endmacro -%}"""
    """{{ hub_fragment(("card", target), card, target, label) }}|"""
    """{% call hub_cached("block") %}<link href="{{ 'assets/x.css' | url }}">{% endcall %}"""
)


def _env(calls: list[str]) -> tuple[Environment, LinkCheck]:
    env = Environment(loader=DictLoader({"page.html": CARD}), autoescape=True)
    links, frags = LinkCheck("https://hub.example.org/"), Fragments()
    env.filters["url"] = links.url_filter(lambda context, value: pytest.fail("MkDocs' filter is for backslashes"),
                                          frags)
    env.globals["hub_fragment"], env.globals["hub_cached"], env.globals["hub_icon"] = frags.functions(env)
    env.globals["count"] = lambda: calls.append("rendered") or ""
    return env, links


@pytest.mark.parametrize("target", ["en/articles/campus/", "en/articles/a&b/"])
def test_a_fragment_prints_each_page_its_own_relative_links(target: str) -> None:
    calls: list[str] = []
    env, links = _env(calls)
    template = env.get_template("page.html")
    pages = ["en/", "en/topics/recruitment/page/2/", "tr/", "en/articles/campus/", ""]
    for page_url in pages:
        page = SimpleNamespace(url=page_url, file=SimpleNamespace(src_uri=f"{page_url}index.md"))
        out = template.render(page=page, hub_lang="en", base_url="", target=target, label="Campus & co")
        expected_card = normalize_url(target, page=page).replace("&", "&amp;")
        expected_css = normalize_url("assets/x.css", page=page)
        assert out == f'<a href="{expected_card}">Campus &amp; co</a>|<link href="{expected_css}">', page_url
    # A link that HTML escapes cannot be marked: that card is rendered on every page, as without the cache
    # (and once more on the first, where it was recorded).
    assert len(calls) == (len(pages) + 1 if "&" in target else 1)
    assert target in links.targets  # every link is still noted for the link check, by the first page


def test_text_that_looks_like_a_mark_is_printed_as_written() -> None:
    """A NUL can't be in a page, but "\\u0000" can be written as text: it never stands for a link."""
    calls: list[str] = []
    env, _links = _env(calls)
    template = env.from_string('{% macro plain(label) %}{{ label }}{{ count() }}{% endmacro -%}'
                               '{{ hub_fragment(("plain", label), plain, label) }}')
    for label in ("\\u00000\\u0000 and more", "\\u0000x\\u0000"):
        for page_url in ("en/", "tr/"):
            page = SimpleNamespace(url=page_url, file=SimpleNamespace(src_uri="x.md"))
            assert template.render(page=page, hub_lang="en", base_url="", label=label) == label


def test_fragments_are_kept_per_language() -> None:
    calls: list[str] = []
    env, _links = _env(calls)
    template = env.get_template("page.html")
    page = SimpleNamespace(url="en/", file=SimpleNamespace(src_uri="en/index.md"))
    for lang in ("en", "tr", "en"):
        template.render(page=page, hub_lang=lang, base_url="", target="x/", label=lang)
    assert len(calls) == 2


def test_hub_icon_prints_what_the_include_of_the_icon_prints() -> None:
    env = Theme("material").get_env()
    icon = Fragments().functions(env)[2]
    for name in ("material/translate", "material/magnify", "fontawesome/brands/linkedin"):
        included = env.from_string(f'{{% include ".icons/{name}.svg" %}}').render()
        assert icon(name) == included and "<svg" in included
        assert icon(name) is icon(name)  # read once per build


def _build(project: Path) -> dict[str, bytes]:
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    site = project / "site"
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_the_site_is_byte_identical_with_and_without_fragments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped project (cards, related stories, share icons, Material's blocks) built with the cache,
    then with every fragment rendered on every page: not one byte of any page differs."""
    recorded: list[Any] = []
    record = Fragments._record

    def counting(self: Fragments, *args: Any) -> Any:
        parts = record(self, *args)
        if parts is not None:  # recorded with its links marked (else rendered on every page)
            recorded.append(args[0])
        return parts

    monkeypatch.setattr(Fragments, "_record", counting)
    cached = _build(copy_project(tmp_path / "cached"))
    kinds = {key[1] if isinstance(key[1], str) else key[1][0] for key in recorded}
    assert {"story-card", "related", "styles", "config", "footer", "hub-search"} <= kinds, kinds
    # Each card of an article is rendered once per build, however many listings show it.
    cards = [key for key in recorded if isinstance(key[1], tuple) and key[1][0] == "story-card"]
    assert len(cards) == len(set(cards))

    def every_time(self: Fragments, context: Any, key: Any, macro: Any, *args: Any, **kwargs: Any) -> Any:
        return fragments.Markup(macro(*args, **kwargs))

    monkeypatch.setattr(Fragments, "render", every_time)
    uncached = _build(copy_project(tmp_path / "uncached"))
    assert cached.keys() == uncached.keys()
    assert len(cached) > 30
    differ = [name for name in cached if cached[name] != uncached[name]]
    assert not differ, differ[:5]
