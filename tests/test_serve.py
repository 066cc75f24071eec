"""`mkdocs serve`: drafts shown and marked, and rebuilds in one process carry no state over."""

from __future__ import annotations

import shutil

from conftest import REPO, Hub, Site, article
from mkdocs.commands.build import build

SERVE_URL = "http://127.0.0.1:8000/"


def test_rebuilds_with_one_plugin_instance_show_every_change(hub: Hub) -> None:
    overrides = hub.root / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    hub.config["theme"]["custom_dir"] = str(overrides)
    hub.write("en/articles/keep.md", article("Keep", topics=["recruitment"]))
    hub.write("en/articles/gone.md", article("Gone", topics=["recruitment"]))
    hub.write("en/articles/wip.md", article("Work in progress", draft=True))
    hub.write("en/articles/ready.md", article("Ready"))

    config = hub.load()
    plugin = config.plugins["hub"]
    plugin.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    site = Site(hub.root, hub.root / "site")

    assert site.exists("en/articles/gone/")
    wip = site.html("en/articles/wip/")
    assert len(wip.xpath("//p[@class='hub-draft']")) == 1  # drafts are shown in the preview, marked
    assert site.html("en/articles/ready/").xpath("//p[@class='hub-draft']") == []
    chips = site.html("en/articles/keep/").xpath("//li[contains(@class,'hub-chip--topic')]/@data-key")
    assert chips == ["recruitment"]
    report = site.html("en/report/")
    students = "//table[@data-lang='en']/tbody/tr[@data-key='students']"
    assert report.xpath(f"{students}/td[@data-topic='recruitment']/@data-count") == ["4"]
    assert len(report.xpath("//section[@class='hub-report__drafts']//li")) == 1

    # The writer renames a topic, deletes an article, publishes one draft, starts another, edits a template.
    taxonomy = hub.taxonomy()
    taxonomy["topics"] = {("hiring" if k == "recruitment" else k): v for k, v in taxonomy["topics"].items()}
    taxonomy["topics"]["hiring"]["en"]["label"] = "Hiring"
    hub.set_taxonomy(taxonomy)
    for name in ("keep", "wip", "ready"):
        path = hub.docs / f"en/articles/{name}.md"
        text = path.read_text(encoding="utf-8").replace("[recruitment]", "[hiring]")
        text = text.replace("draft: true\n", "") if name == "wip" else text
        text = text.replace("---\n\n", "draft: true\n---\n\n", 1) if name == "ready" else text
        path.write_text(text, encoding="utf-8")
    (hub.docs / "en/articles/gone.md").unlink()
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}\n  <meta name="hub-template-version" content="2">'),
        encoding="utf-8")

    config = hub.load()
    assert config.plugins["hub"] is plugin  # `mkdocs serve` reloads the config but keeps the plugin
    build(config, serve_url=SERVE_URL)

    assert not site.exists("en/articles/gone/")
    keep = site.html("en/articles/keep/")
    assert keep.xpath("//li[contains(@class,'hub-chip--topic')]/@data-key") == ["hiring"]
    assert keep.xpath("string(//li[contains(@class,'hub-chip--topic')])") == "Hiring"
    assert keep.xpath("//meta[@name='hub-template-version']/@content") == ["2"]
    assert site.html("en/articles/wip/").xpath("//p[@class='hub-draft']") == []
    assert len(site.html("en/articles/ready/").xpath("//p[@class='hub-draft']")) == 1
    report = site.html("en/report/")
    headers = report.xpath("//table[@data-lang='en']/thead//th/@data-key")
    assert len(headers) == 5 and "hiring" in headers and "recruitment" not in headers
    assert report.xpath("//table[@data-lang='en']/tbody/tr[@data-key='students']/td[@data-topic='hiring']"
                        "/@data-count") == ["3"]
    drafts = report.xpath("//section[@class='hub-report__drafts']//li/code/text()")
    assert drafts == ["content/en/articles/ready.md"]

    # The same process then publishes: drafts are left out everywhere.
    plugin.on_startup(command="build", dirty=False)
    build(hub.load())
    assert site.exists("en/articles/keep/") and site.exists("en/articles/wip/")
    assert not site.exists("en/articles/ready/")
    published = site.html("en/report/")
    assert published.xpath("//section[@class='hub-report__drafts']") == []
    assert published.xpath("//table[@data-lang='en']/tbody/tr[@data-key='students']/td[@data-topic='hiring']"
                           "/@data-count") == ["2"]
