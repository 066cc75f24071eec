"""A 404 page per language (`/<lang>/404.html`) besides MkDocs' root `/404.html` (which is bilingual).

MkDocs renders 404.html once, without a page, in the theme language. Hosts such as GitHub Pages
serve only the root one; the per-language pages are for hosts that can map a path prefix to its
own error page (and are linked from nothing, so they are kept out of the sitemap and search).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.commands.build import get_context

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

TEMPLATE = "404.html"


def write_localized(env: Environment, config: MkDocsConfig, files: Files, navs: dict[str, Navigation],
                    extra: Callable[[str], dict]) -> None:
    """Render the 404 template once per language into `<site_dir>/<lang>/404.html`."""
    template = env.get_template(TEMPLATE)
    # Error pages are served at any depth: MkDocs gives them absolute URLs from site_url's path.
    base_url = urlsplit(config.site_url or "/").path
    for lang, nav in navs.items():
        context = get_context(nav, files, config, base_url=base_url)
        context.update(extra(lang))
        target = Path(config.site_dir, lang, TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(context), encoding="utf-8")
