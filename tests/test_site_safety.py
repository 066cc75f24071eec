"""A failed build of any kind leaves the last good site/ byte for byte as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import Hub, article
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_content_error_keeps_the_last_good_site(hub: Hub) -> None:
    hub.write("en/articles/good.md", article("Good"))
    site = hub.build()
    before = snapshot(site.site_dir)
    assert "en/articles/good/index.html" in before
    hub.write("en/articles/bad.md", article("Bad", topic="recruitment", topics=None))
    with pytest.raises(Abort):
        hub.build()
    assert snapshot(site.site_dir) == before
    assert not any(p.name.startswith(".site") for p in hub.root.iterdir()), "staging folder left behind"


@pytest.mark.allow_warnings
def test_strict_abort_after_pages_are_written_keeps_the_last_good_site(hub: Hub) -> None:
    hub.write("en/articles/good.md", article("Good"))
    site = hub.build(strict=True)
    before = snapshot(site.site_dir)
    hub.write("en/articles/broken-link.md", article("Broken", body="See [this](missing.md).\n"))
    with pytest.raises(Abort, match="strict mode"):
        hub.build(strict=True)
    assert snapshot(site.site_dir) == before


def test_successful_rebuild_replaces_the_site(hub: Hub) -> None:
    hub.write("en/articles/one.md", article("One"))
    site = hub.build()
    hub.write("en/articles/two.md", article("Two"))
    (hub.docs / "en/articles/one.md").unlink()
    hub.build()
    assert site.exists("en/articles/two/")
    assert not site.exists("en/articles/one/")


def test_first_build_failure_creates_no_site(hub: Hub) -> None:
    hub.write("en/articles/bad.md", article("Bad", date="2013-02-30"))
    with pytest.raises(Abort):
        hub.build()
    assert not (hub.root / "site").exists()


def test_one_plugin_instance_rebuilds_without_leaking_state(hub: Hub) -> None:
    """`mkdocs serve` reuses the plugin: a removed article or a fixed error must not linger."""
    hub.write("en/articles/one.md", article("One"))
    config = hub.load()
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    (hub.docs / "en/articles/one.md").unlink()
    hub.write("en/articles/two.md", article("Two", topics=["social-media"]))
    config2 = hub.load()  # serve reloads the config for each rebuild; the plugin instance is kept
    plugin = config2.plugins["hub"]
    assert plugin is config.plugins["hub"]
    build(config2, serve_url="http://127.0.0.1:8000/")
    site = hub.root / "site"
    assert (site / "en/articles/two/index.html").exists()
    assert not (site / "en/articles/one/index.html").exists()
    assert plugin.build.hub is not None and [a.slug for a in plugin.build.hub.articles] == ["two"]
    hub.build()  # and a later `mkdocs build` in the same process publishes, it does not preview


@pytest.mark.allow_warnings
def test_no_build_leaves_objects_frozen_from_the_garbage_collector(hub: Hub) -> None:
    """The build freezes its long-lived objects (gc.freeze); `mkdocs serve` must get them back afterwards."""
    hub.write("en/articles/good.md", article("Good"))
    hub.build()
    assert gc.get_freeze_count() == 0
    hub.write("en/articles/bad.md", article("Bad", date="2013-02-30"))
    with pytest.raises(Abort):
        hub.build()
    assert gc.get_freeze_count() == 0
    (hub.docs / "en/articles/bad.md").unlink()
    hub.write("en/articles/broken-link.md", article("Broken", body="See [this](missing.md).\n"))
    with pytest.raises(Abort, match="strict mode"):
        hub.build(strict=True)
    assert gc.get_freeze_count() == 0
