"""`listings.ListingPage` skips the Markdown converter only where MkDocs' own render would give nothing."""

from __future__ import annotations

import pytest
from conftest import Hub
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from hub_plugins.listings import LISTING_SOURCE, ListingPage


def _rendered(page_class: type[Page], config, source: str) -> Page:
    file = File("en/topics/recruitment/index.md", None, config.site_dir, config.use_directory_urls)
    file.content_string = source
    page = page_class(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page


def test_an_empty_listing_renders_as_mkdocs_renders_it(hub: Hub) -> None:
    config = hub.load(plugins=[], markdown_extensions=[{"toc": {"permalink": True}}, "tables", "attr_list",
                                                       "md_in_html", "abbr", "footnotes"])
    for source in (LISTING_SOURCE, LISTING_SOURCE + "\n  \n"):
        ours, theirs = _rendered(ListingPage, config, source), _rendered(Page, config, source)
        assert (ours.content, ours._title_from_render, ours.present_anchor_ids, ours.links_to_anchors) == \
            (theirs.content, theirs._title_from_render, theirs.present_anchor_ids, theirs.links_to_anchors)
        assert list(ours.toc) == list(theirs.toc) == []
        assert ours.meta == theirs.meta == {"template": "hub-listing.html"}


def test_a_listing_given_a_body_is_converted(hub: Hub) -> None:
    """Another plugin may give a listing a body (on_page_markdown): it is converted as usual."""
    config = hub.load(plugins=[])
    page = _rendered(ListingPage, config, LISTING_SOURCE + "\n## Open roles\n\nWe are hiring.\n")
    assert page.content is not None and "<h2 id=\"open-roles\">" in page.content
    assert [item.title for item in page.toc] == ["Open roles"]


def test_listing_pages_of_a_build_are_listing_pages(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.write("en/articles/one.md", "---\ntitle: One\ndescription: About one.\ndate: 2024-03-01\n"
              "audience: [students]\ntopics: [recruitment]\n---\nText.\n")
    rendered: list[str] = []
    render = ListingPage.render

    def noting(self: ListingPage, config, files) -> None:
        rendered.append(self.file.src_uri)
        render(self, config, files)

    monkeypatch.setattr(ListingPage, "render", noting)
    site = hub.build()
    assert "en/topics/recruitment/index.md" in rendered and "en/audiences/students/index.md" in rendered
    assert not any("/articles/" in src_uri for src_uri in rendered)
    assert "One" in site.html("en/topics/recruitment/").text_content()
