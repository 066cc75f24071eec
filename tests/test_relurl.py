"""`relurl.PageUrls` gives exactly MkDocs' `normalize_url` (the `url` filter) on every kind of input.

The hub replaces the computation behind MkDocs' `url` filter with one that remembers targets; this pins
it to the upstream function of the pinned MkDocs, so an upgrade that changes MkDocs' answer fails here.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from mkdocs.utils import normalize_url

from hub_plugins.relurl import PageUrls

TARGETS = [
    "", ".", "./", "..", "../", "../..", "#top", "/", "/abs/path/", "https://example.com/x", "mailto:hr@example.com",
    "//cdn.example.com/x.js", "data:image/png;base64,AAAA", "assets/stylesheets/main.css", "assets/javascripts/x.js",
    "en/", "en", "tr/articles/kariyer/", "en/articles/campus/", "en/articles/campus/#part-2",
    "en/articles/campus/?utm=1", "en/articles/images/photo.jpg", "en/topics/recruitment/page/2/",
    "en/./topics//x/", "en/topics/../audiences/", "../en/articles/x/", "../../assets/x.css", "x/../../y/",
    "sitemap.xml", "en/feed.xml", "index.html", "en/index.html", "a.b/c/", "café/ç/", "en/articles/x/index.html",
]
PAGES = [
    "", ".", "en/", "tr/", "en/articles/campus/", "en/topics/recruitment/page/12/", "404.html", "en/index.html",
    "en/articles/x.html", "a.b/", "en/a.b/", "/en/", "en//articles/", "deep/er/and/deeper/still/",
]


def test_page_urls_match_mkdocs_normalize_url() -> None:
    urls = PageUrls()
    compared = 0
    # Pages in order and then again (the one-page cache must follow), every target twice (the target cache).
    for page_url, target in itertools.chain(itertools.product(PAGES, TARGETS), itertools.product(PAGES, TARGETS)):
        expected = normalize_url(target, page=SimpleNamespace(url=page_url), base="")
        assert urls(target, page_url) == expected, (target, page_url)
        compared += 1
    for base, target in itertools.product(["", ".", "..", "../..", "/site"], TARGETS):  # static templates: no page
        assert urls(target, None, base) == normalize_url(target, page=None, base=base), (target, base)
        compared += 1
    assert compared == 2 * len(PAGES) * len(TARGETS) + 5 * len(TARGETS)


def test_pages_interleaved_keep_their_own_folder() -> None:
    """The cache of the last page's folder must not leak into the next page's answer."""
    urls = PageUrls()
    assert urls("en/articles/x/", "en/topics/recruitment/") == "../../articles/x/"
    assert urls("en/articles/x/", "tr/") == "../en/articles/x/"
    assert urls("en/articles/x/", "en/topics/recruitment/") == "../../articles/x/"
