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


# A warning logged while the pages are written (content problems, broken links included, are found
# before that by the hub's validation): strict mode aborts only once every page has been written.
WARNING_HOOK = """
import logging

def on_post_page(output, page, config):
    if page.file.src_uri == "en/articles/noisy.md":
        logging.getLogger("mkdocs.hooks.noisy").warning("a warning while the pages are written")
    return output
"""


def warning_while_writing(hub: Hub) -> dict[str, list[str]]:
    """Config overrides that make MkDocs log a warning when it writes en/articles/noisy.md."""
    hook = hub.root / "noisy_hook.py"
    hook.write_text(WARNING_HOOK, encoding="utf-8")
    return {"hooks": [str(hook)]}


@pytest.mark.allow_warnings
def test_strict_abort_after_pages_are_written_keeps_the_last_good_site(hub: Hub) -> None:
    hub.write("en/articles/good.md", article("Good"))
    site = hub.build(strict=True, **warning_while_writing(hub))
    before = snapshot(site.site_dir)
    hub.write("en/articles/noisy.md", article("Noisy"))
    with pytest.raises(Abort, match="strict mode"):
        hub.build(strict=True, **warning_while_writing(hub))
    assert snapshot(site.site_dir) == before


@pytest.mark.allow_warnings
def test_a_broken_link_fails_before_site_dir_is_touched(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/good.md", article("Good"))
    site = hub.build(strict=True)
    before = snapshot(site.site_dir)
    hub.write("en/articles/broken-link.md", article("Broken", body="See [this](missing.md).\n"))
    caplog.clear()
    with pytest.raises(Abort):
        hub.build()  # not even strict: a link to nothing is a content error, like a wrong field
    assert snapshot(site.site_dir) == before
    assert "Building documentation" not in caplog.text
    assert "content/en/articles/broken-link.md:9: link: 'missing.md' points to" in caplog.text


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
    hub.write("en/articles/noisy.md", article("Noisy"))
    with pytest.raises(Abort, match="strict mode"):
        hub.build(strict=True, **warning_while_writing(hub))
    assert gc.get_freeze_count() == 0


def test_a_rebuild_shares_unchanged_static_files_with_the_last_good_site(hub: Hub) -> None:
    """Static files are linked from the last good site while their source is the same version (size and
    time); a changed source is copied again, and editing the site's copy never reaches the source."""
    hub.write("en/articles/a.md", article("A", body="Read [the handbook](handbook.pdf).\n"))
    source = hub.write("en/articles/handbook.pdf", b"%PDF first version")
    site = hub.build().site_dir
    copy = site / "en/articles/handbook.pdf"
    first = copy.stat()
    assert first.st_ino != source.stat().st_ino  # a copy, not the writer's file
    assert first.st_mtime_ns == source.stat().st_mtime_ns  # stamped with the source's time

    hub.build()
    assert copy.stat().st_ino == first.st_ino  # the same file, now in the new site
    assert copy.read_bytes() == b"%PDF first version"

    source.write_bytes(b"%PDF second, longer version")
    hub.build()
    assert copy.read_bytes() == b"%PDF second, longer version"
    assert copy.stat().st_ino != first.st_ino
    copy.write_bytes(b"edited in the site")
    assert source.read_bytes() == b"%PDF second, longer version"


def test_the_replaced_site_is_removed_by_the_next_build(hub: Hub) -> None:
    """The site a build replaces stays aside as .site.old until the next build removes it (in the background,
    done before that build ends), together with what an interrupted removal left."""
    hub.write("en/articles/one.md", article("One"))
    hub.build()
    assert not (hub.root / ".site.old").exists()  # nothing was replaced
    hub.write("en/articles/two.md", article("Two"))
    hub.build()
    assert (hub.root / ".site.old/en/articles/one/index.html").is_file()
    assert not (hub.root / ".site.old/en/articles/two/index.html").exists()
    leftover = hub.root / ".site.trash-123-0-456"  # a removal the machine stopped half-way
    (leftover / "en").mkdir(parents=True)
    (leftover / "en/index.html").write_text("old", encoding="utf-8")
    hub.write("en/articles/three.md", article("Three"))
    site = hub.build()
    assert site.exists("en/articles/three/")
    assert (hub.root / ".site.old/en/articles/two/index.html").is_file()  # the site this build replaced
    assert sorted(p.name for p in hub.root.iterdir() if p.name.startswith(".site")) == [".site.old"]
