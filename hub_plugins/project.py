"""Find a hub project from its folder: the content `Source` and the `hub` plugin's options.

The writers' CLI reads only `mkdocs.yml` and the hub plugin's own options (checked by the same
`HubConfig` the build uses), so `hub check` starts in milliseconds instead of loading the theme
and every plugin.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.base import ValidationError
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from .config import HubConfig
from .imagecheck import HEADERS_FILE, PictureHeaders
from .links import LinkRules
from .loader import Source

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class ProjectError(Exception):
    """The folder is not a usable hub project (a usage error: exit code 2)."""


@dataclass(frozen=True, slots=True)
class Project:
    """A hub project: where its content lives and how its `hub` plugin is configured."""

    root: Path
    config_file: Path
    source: Source
    options: HubConfig
    rules: LinkRules  # which links are problems: `validation` and `markdown_extensions` of mkdocs.yml
    use_directory_urls: bool = True  # mkdocs.yml's: where MkDocs will put each page

    @property
    def default_language(self) -> str:
        """The language of `/` and the CLI's default for `new --lang`."""
        return str(self.options.default_language)


def _hub_options(plugins: Any) -> dict[str, Any] | None:
    """The options given to the `hub` plugin in mkdocs.yml (a list or a mapping), None if it is absent."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins or ())
    for name, options in entries:
        if name == "hub":
            return dict(options or {})
    return None


def load_project(root: Path) -> Project:
    """Read `root/mkdocs.yml` and the hub plugin's options; raise ProjectError with a fix if unusable."""
    root = root.resolve()
    config_file = next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)
    if config_file is None:
        raise ProjectError(f"no mkdocs.yml in {root} — run the command in the hub's folder, "
                           "or pass --root DIR")
    try:
        with config_file.open("rb") as stream:
            data = yaml_load(stream)
    except ConfigurationError as error:
        raise ProjectError(f"{config_file.name}: {error}") from None
    options = _hub_options(data.get("plugins"))
    if options is None:
        raise ProjectError(f"{config_file.name} does not use the 'hub' plugin — add '- hub' under 'plugins:'")
    hub_config = HubConfig(config_file_path=str(config_file))
    hub_config.load_dict(options)
    failed, _warnings = hub_config.validate()
    if failed:
        raise ProjectError("; ".join(f"{config_file.name}: plugins.hub.{key}: {error}"
                                     for key, error in failed))
    try:
        rules = LinkRules.of_mkdocs_yml(data)
    except (ValidationError, ConfigurationError) as error:
        raise ProjectError(f"{config_file.name}: validation: {error}") from None
    docs_dir = (root / str(data.get("docs_dir", "docs"))).resolve()
    source = Source(docs_dir=docs_dir, root=root, languages=tuple(hub_config.languages),
                    taxonomy_file=hub_config.taxonomy, extra_fields=tuple(hub_config.extra_fields),
                    words_per_minute=dict(hub_config.reading.words_per_minute),
                    image_limits=hub_config.images.limits(),
                    headers=PictureHeaders(root / hub_config.images.cache_dir / HEADERS_FILE))
    return Project(root=root, config_file=config_file, source=source, options=hub_config, rules=rules,
                   use_directory_urls=bool(data.get("use_directory_urls", True)))
