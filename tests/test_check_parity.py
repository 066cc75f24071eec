"""`hub check` is the build's validation without the rendering: on the same content, `check --format json`
and a strict `mkdocs build` report the same problems (path, line, field, message, fix), all at once.

Every bad corpus below is checked both ways; the expected problems are spelled out, counts first. The
link rules mirror MkDocs' own link validation, so one test lets MkDocs render a corpus with the hub's
link check switched off and compares MkDocs' warnings with the hub's problems.
"""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Any

import markdown
import pytest
import yaml
from conftest import REPO, Hub, article
from lxml import html
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils.yaml import get_yaml_loader
from PIL import Image

from hub_plugins import cli
from hub_plugins import validate as validate_module
from hub_plugins.errors import ContentError
from hub_plugins.i18n import markdown_slugify
from hub_plugins.links import LinkRules, scan
from hub_plugins.project import load_project
from hub_plugins.validate import validate

SHIPPED = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
VALIDATION = SHIPPED["validation"]  # the shipped link rules: unrecognized links and anchors are warnings
Found = tuple[str, int, str, str, str]


def line_of(hub: Hub, rel: str, text: str) -> int:
    """The 1-based line of `content/rel` on which `text` first appears."""
    lines = (hub.docs / rel).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def check(hub: Hub, **overrides: Any) -> tuple[int, dict]:
    """`hub check --format json` through the CLI's entry point, on the project as configured."""
    hub.load(**{"validation": VALIDATION, **overrides})
    out = io.StringIO()
    code = cli.main(["check", "--format", "json", "--root", str(hub.root)], stdout=out)
    return code, json.loads(out.getvalue())


def build_problems(hub: Hub, caplog: pytest.LogCaptureFixture, **overrides: Any) -> list[str]:
    """The problem lines a strict build logs before it aborts."""
    caplog.clear()
    with pytest.raises(Abort):
        hub.build(strict=True, **{"validation": VALIDATION, **overrides})
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    heading, *lines = errors[0].splitlines()
    assert heading == f"{len(lines)} content error{'s' if len(lines) != 1 else ''}:"
    assert "Traceback" not in caplog.text
    return [line.removeprefix("  ") for line in lines]


def same_problems(hub: Hub, caplog: pytest.LogCaptureFixture, **overrides: Any) -> list[Found]:
    """Run check and a strict build on the project; both must report the same problems, which are returned."""
    code, data = check(hub, **overrides)
    assert code == 1 and data["ok"] is False
    built = build_problems(hub, caplog, **overrides)
    assert [p["text"] for p in data["problems"]] == built
    return [(p["path"], p["line"], p["field"], p["message"], p["fix"]) for p in data["problems"]]


def with_hub_options(hub: Hub, **options: Any) -> dict[str, Any]:
    """Config overrides giving the hub plugin these options."""
    return {"plugins": [{"hub": options}]}


# --- images ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("share", [True, False])
def test_bad_images_are_reported_by_check_and_build_alike(hub: Hub, caplog: pytest.LogCaptureFixture,
                                                          share: bool) -> None:
    folder = hub.docs / "en" / "articles" / "images"
    folder.mkdir(parents=True)
    Image.new("RGB", (10, 10)).save(folder / "cover.bmp", format="BMP")
    (folder / "fake.png").write_bytes(b"not really a picture")
    Image.new("RGB", (10, 10)).save(hub.root / "outside.png")
    hub.write("en/articles/bmp.md", article("Bmp", image="images/cover.bmp"))
    hub.write("en/articles/fake.md", article("Fake", image="images/fake.png"))
    hub.write("en/articles/outside.md", article("Outside", image="../../../outside.png"))
    # An image is content, whether or not share tags show it.
    found = same_problems(hub, caplog, **with_hub_options(hub, share={"enabled": share}))
    assert len(found) == 3
    line = line_of(hub, "en/articles/bmp.md", "image:")
    assert found == [
        ("content/en/articles/bmp.md", line, "image", "'images/cover.bmp' is a BMP image, which social networks "
         "do not show", "use a PNG, JPEG, GIF or WebP file, ideally 1200×630 pixels"),
        ("content/en/articles/fake.md", line, "image", "'images/fake.png' is not an image that can be read",
         "use a PNG or JPEG file, ideally 1200×630 pixels"),
        ("content/en/articles/outside.md", line, "image", "'../../../outside.png' is outside content/, so it "
         "would not be published", "put the image in the content folder, e.g. next to the article"),
    ]


# --- paths where the hub generates a page ---------------------------------------------------------

def test_hand_written_files_where_the_hub_generates_pages(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A", date="2024-03-02"))
    hub.write("en/articles/b.md", article("B"))
    hub.write("en/topics/index.md", "# Topics\n")
    hub.write("tr/audiences/students/index.md", "# Öğrenciler\n")
    hub.write("en/topics/recruitment/page/2/index.md", "# Page 2\n")  # page_size 1: two recruitment pages
    hub.write("en/report/index.md", "# Report\n")
    (hub.docs / "en/articles/a").mkdir()
    Image.new("RGB", (10, 10)).save(hub.docs / "en/articles/a/card.png")  # where a's social card goes
    hub.write("en/topics/recruitment/page/3/index.md", "# Not a listing page: there is no page 3\n")
    found = same_problems(hub, caplog, **with_hub_options(hub, listings={"page_size": 1}))
    assert len(found) == 5
    fix = "rename or move the file: the hub writes this page itself"
    assert found == [
        ("content/en/articles/a/card.png", 1, "path", "this path is a generated social card", fix),
        ("content/en/report/index.md", 1, "path", "this path is a generated report page", fix),
        ("content/en/topics/index.md", 1, "path", "this path is a generated listing page", fix),
        ("content/en/topics/recruitment/page/2/index.md", 1, "path", "this path is a generated listing page", fix),
        ("content/tr/audiences/students/index.md", 1, "path", "this path is a generated listing page", fix),
    ]


# --- links and anchors ----------------------------------------------------------------------------

BROKEN_LINKS = """Intro with [a typo](bb.md), [a folder link](../other/) and ![a picture](images/none.png).

A link [out of the site](../../../../x.md) and a [good one](b.md).

```
[in a fence](fenced-away.md)
```

    [in indented code](indented-away.md)

Also [by reference][ref] and `[in code](code-away.md)`.

[ref]: reference-missing.md
[unused]: unused-missing.md
"""


def write_broken_links(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", body=BROKEN_LINKS))
    hub.write("en/articles/b.md", article("B"))
    hub.write("en/index.md", "---\ntitle: Welcome\n---\n\n# Welcome\n\nRead [this](articles/nope.md).\n")


def test_broken_links_are_reported_by_check_and_build_alike(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    write_broken_links(hub)
    found = same_problems(hub, caplog)
    assert len(found) == 6
    a = "content/en/articles/a.md"
    first, out, ref = (line_of(hub, "en/articles/a.md", text) for text in ("Intro", "out of the site", "[ref]:"))
    relative = "link to an existing file, with a path relative to this file"
    assert found == [
        (a, first, "link", "'../other/' is not a link to a file of the site",
         "link to the page's Markdown file, with a path relative to this file (e.g. ../articles/x.md)"),
        (a, first, "link", "'bb.md' points to content/en/articles/bb.md, which does not exist",
         "did you mean 'b.md'?"),
        (a, first, "link", "'images/none.png' points to content/en/articles/images/none.png, which does not exist",
         relative),
        (a, out, "link", "'../../../../x.md' points to outside the content folder, which does not exist", relative),
        (a, ref, "link", "'reference-missing.md' points to content/en/articles/reference-missing.md, which does "
         "not exist", relative),
        ("content/en/index.md", 7, "link", "'articles/nope.md' points to content/en/articles/nope.md, which does "
         "not exist", relative),
    ]


ANCHORED = """## İşe Alımda Çıkış Yolu

## Notes

## Notes

## Kendi başlığım {#kendi}

Text with an <a id="html-anchor"></a> anchor.
"""

BROKEN_ANCHORS = """See [the way out](b.md#ise-alimda-cikis-yolu), [the first notes](b.md#notes) and
[the second notes](b.md#notes_1), [a third](b.md#notes_2), [custom](b.md#kendi), [html](b.md#html-anchor).

## Here

[Here](#here), [not here](#nowhere), [Turkish](../../tr/articles/c.md#neden-onemli),
[Turkish, dotted](../../tr/articles/c.md#neden-önemli), [a listing](../topics/index.md#top).
"""


def test_broken_anchors_are_reported_by_check_and_build_alike(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A", body=BROKEN_ANCHORS))
    hub.write("en/articles/b.md", article("B", body=ANCHORED))
    hub.write("tr/articles/c.md", article("C", body="## Neden önemli?\n"))
    found = same_problems(hub, caplog)
    assert len(found) == 4
    a = "content/en/articles/a.md"
    first, here = line_of(hub, "en/articles/a.md", "a third"), line_of(hub, "en/articles/a.md", "[Here]")
    assert found == [
        (a, first, "link", "'b.md#notes_2' points to a heading or id 'notes_2' that content/en/articles/b.md does "
         "not have", "did you mean '#notes_1'?"),
        (a, here, "link", "'#nowhere' points to a heading or id 'nowhere' that this page does not have",
         "did you mean '#here'?"),
        (a, here + 1, "link", "'../../tr/articles/c.md#neden-önemli' points to a heading or id 'neden-önemli' that "
         "content/tr/articles/c.md does not have", "did you mean '#neden-onemli'?"),
        (a, here + 1, "link", "'../topics/index.md#top' points to a heading or id 'top' that "
         "content/en/topics/index.md does not have",
         "link to an existing heading: its anchor is its text as a slug ('## Çıkış Yolu' gives #cikis-yolu)"),
    ]


def test_a_link_to_a_draft_would_dangle_in_the_published_site(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A", body="Soon: [the draft](d.md).\n"))
    # A draft's own links are not published either: they are checked once it is (and in the preview).
    hub.write("en/articles/d.md", article("D", draft=True, body="[Missing](missing.md)\n"))
    found = same_problems(hub, caplog)
    assert found == [("content/en/articles/a.md", line_of(hub, "en/articles/a.md", "Soon"), "link",
                      "'d.md' points to content/en/articles/d.md, a draft, which is not published",
                      "publish that file first, or remove the link")]
    # The preview shows drafts: there the link is fine, and the draft's own broken link is the problem.
    project = load_project(hub.root)
    with pytest.raises(ContentError) as caught:
        validate(project.source, project.options, project.rules, include_drafts=True)
    assert [str(p) for p in caught.value.problems] == [
        f"content/en/articles/d.md:{line_of(hub, 'en/articles/d.md', 'Missing')}: link: 'missing.md' points to "
        "content/en/articles/missing.md, which does not exist — link to an existing file, with a path relative "
        "to this file"]


def test_every_kind_of_problem_at_once_with_loader_errors(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    (hub.docs / "en/articles/images").mkdir(parents=True)
    (hub.docs / "en/articles/images/fake.png").write_bytes(b"GIF89a, not quite")
    hub.write("en/articles/a.md", article("A", topics=["recruiting"], body="A [broken](nope.md) link.\n"))
    hub.write("en/articles/b.md", article("B", image="images/fake.png", body="[Anchor](b.md#missing)\n"))
    hub.write("tr/articles/c.md", article("C", date="2013-02-30", body="[Bozuk](yok.md)\n"))
    hub.write("tr/topics/index.md", "# Konular\n")
    found = same_problems(hub, caplog)
    assert len(found) == 7
    assert [(path, field) for path, _line, field, _message, _fix in found] == [
        ("content/en/articles/a.md", "topics"),  # the loader
        ("content/en/articles/a.md", "link"),  # and the links of the same file, in the same run
        ("content/en/articles/b.md", "image"),
        ("content/en/articles/b.md", "link"),
        ("content/tr/articles/c.md", "date"),
        ("content/tr/articles/c.md", "link"),
        ("content/tr/topics/index.md", "path"),
    ]
    assert found[0][3:] == ("unknown value 'recruiting'", "did you mean 'recruitment'? (allowed: recruitment, "
                            "talent-development, career-management, employer-brand, social-media)")


GOOD_EN = """Read [part two](b.md), [its way out](b.md#ise-alimda-cikis-yolu), [the second notes](b.md#notes_1),
[a custom anchor](b.md#kendi), [an HTML anchor](b.md#html-anchor) and [the Turkish one][tr].

![A picture](images/photo.png)

## İlk Adım: Neden?

Back to [the first step](#ilk-adim-neden), to [recruitment](../topics/recruitment/index.md), to the
[home](../index.md), the [language choice](../../index.md) and the [report](../report/index.md).

```
[not a link](nowhere.md)
```

    [nor this](nowhere-either.md)

[tr]: ../../tr/articles/c.md#neden-onemli
"""


def test_a_good_corpus_passes_check_and_a_strict_build(hub: Hub) -> None:
    (hub.docs / "en/articles/images").mkdir(parents=True)
    Image.new("RGB", (10, 10)).save(hub.docs / "en/articles/images/photo.png")
    hub.write("en/articles/a.md", article("A", body=GOOD_EN))
    hub.write("en/articles/b.md", article("B", body=ANCHORED))
    back = "## Neden önemli?\n\n[Geri](../../en/articles/a.md#ilk-adim-neden)\n"
    hub.write("tr/articles/c.md", article("C", body=back))
    hub.write("en/index.md", "---\ntitle: Welcome\n---\n\n# Welcome\n\n[Start](articles/a.md#ilk-adim-neden).\n")
    code, data = check(hub)
    assert (code, data["problems"]) == (0, [])
    site = hub.build(strict=True, validation=VALIDATION)  # and no warning from MkDocs (see conftest)
    page = site.html("en/articles/a/")
    assert page.xpath("//h2/@id") == ["ilk-adim-neden"]
    assert site.html("en/articles/b/").xpath("//h2/@id") == ["ise-alimda-cikis-yolu", "notes", "notes_1", "kendi"]


# --- the rules are MkDocs' --------------------------------------------------------------------------

WARNING = re.compile(r"Doc file '([^']+)' contains (?:an unrecognized relative link|a link) '([^']+)'")


@pytest.mark.allow_warnings
def test_the_hub_finds_every_link_mkdocs_warns_about(hub: Hub, caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write_broken_links(hub)
    hub.write("en/articles/c.md", article("C", body=BROKEN_ANCHORS))
    hub.write("tr/articles/c.md", article("C", body="## Neden önemli?\n"))
    hub.write("en/articles/b.md", article("B", body=ANCHORED))
    code, data = check(hub)
    assert code == 1
    hub_links = {(p["path"].removeprefix("content/"), re.match(r"'([^']*)'", p["message"]).group(1))
                 for p in data["problems"] if p["field"] == "link"}
    # MkDocs renders the same content with the hub's link check switched off, and says what it finds.
    monkeypatch.setattr(validate_module, "_check_links", lambda *args: None)
    caplog.clear()
    hub.build(validation=VALIDATION)
    mkdocs_links = {WARNING.search(r.getMessage()).groups() for r in caplog.records
                    if r.levelno == logging.WARNING and WARNING.search(r.getMessage())}
    assert len(mkdocs_links) == 10
    assert hub_links == mkdocs_links


MIRRORED = """# Title with [a link](x.md) and `code`

Setext heading
--------------

## Notes
## Notes
## *Emphasis* &amp; <em>tags</em> ![img](p.png)

Paragraph with an id.
{: #para-id }

## Explicit {#explicit .cls}

## Notes_1

```
## Not a heading
```

<div id="raw-div" markdown>
Inside [raw](inside.md).
</div>

<a name="named"></a>

- a list item with [a link](list.md)

    continued [in the list](continued.md)

Reference [one][r1] and [r2].

[r1]: one.md#frag
[R2]: <two.md>
"""


def test_ids_and_links_are_those_python_markdown_makes() -> None:
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "tables", "fenced_code"],
                           extension_configs={"toc": {"slugify": markdown_slugify}})
    page = html.fromstring(f"<div>{md.convert(MIRRORED)}</div>")
    found = scan(MIRRORED, 1, attr_list=True)
    assert found.anchors() == set(page.xpath("//@id")) | set(page.xpath("//a/@name"))
    assert len(found.anchors()) == 10
    assert sorted(link.url for link in found.links) == sorted(page.xpath("//a/@href | //img/@src"))
    lines = MIRRORED.split("\n")
    assert [(link.url, link.line) for link in found.links if link.url in ("continued.md", "two.md")] == [
        ("continued.md", lines.index("    continued [in the list](continued.md)") + 1),
        ("two.md", lines.index("[R2]: <two.md>") + 1)]


def test_check_reads_the_same_rules_from_mkdocs_yml_as_the_build(hub: Hub) -> None:
    for validation, extra in ((VALIDATION, {}),
                              ({"absolute_links": "relative_to_docs", "anchors": "info"}, {"exclude_docs": "*.tmp\n"}),
                              ({}, {"markdown_extensions": ["toc"]}),
                              ({}, {"markdown_extensions": {"attr_list": None, "toc": {"separator": "_"}}})):
        config = hub.load(validation=validation, **extra)
        raw = yaml.load((hub.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
        assert LinkRules.of_mkdocs_yml(raw) == LinkRules.of_config(config)
        assert load_project(hub.root).rules == LinkRules.of_config(load_config(str(hub.root / "mkdocs.yml")))


def test_links_follow_the_validation_settings_of_mkdocs_yml(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/articles/a.md", article("A", body="[Absolute](/en/articles/b.md#nowhere) [anchor](b.md#nowhere)\n"))
    hub.write("en/articles/b.md", article("B"))
    # MkDocs' defaults: anchors and absolute links are only logged (info), so neither check nor build fails.
    hub.load()
    out = io.StringIO()
    assert cli.main(["check", "--root", str(hub.root)], stdout=out) == 0, out.getvalue()
    hub.build(strict=True)
    # Absolute links relative to docs_dir are checked like relative ones; warnings are problems.
    settings = {"absolute_links": "relative_to_docs", "anchors": "warn"}
    hub.load(validation=settings)
    out = io.StringIO()
    assert cli.main(["check", "--format", "json", "--root", str(hub.root)], stdout=out) == 1
    messages = [p["message"] for p in json.loads(out.getvalue())["problems"]]
    assert messages == ["'/en/articles/b.md#nowhere' points to a heading or id 'nowhere' that "
                        "content/en/articles/b.md does not have",
                        "'b.md#nowhere' points to a heading or id 'nowhere' that content/en/articles/b.md does "
                        "not have"]
    assert [line.split(": link: ")[1].split(" — ")[0] for line in
            build_problems(hub, caplog, validation=settings)] == messages
    hub.load(validation={"absolute_links": "warn"})
    out = io.StringIO()
    assert cli.main(["check", "--format", "json", "--root", str(hub.root)], stdout=out) == 1
    (problem,) = json.loads(out.getvalue())["problems"]
    assert problem["message"] == "'/en/articles/b.md#nowhere' is an absolute link, which MkDocs leaves as it is"


def test_a_hand_written_page_that_is_not_utf8_is_located(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    hub.write("en/about.md", "# Hakkımızda\n\nÇalışanlar\n".encode("iso-8859-9"))
    found = same_problems(hub, caplog)
    assert found == [("content/en/about.md", 1, "encoding", "byte 0xfd is not UTF-8",
                      "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)")]


def test_check_counts_what_it_checked(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", body="[B](b.md)\n"))
    hub.write("en/articles/b.md", article("B"))
    hub.write("tr/articles/c.md", article("C", draft=True))
    code, data = check(hub)
    assert (code, data) == (0, {"ok": True, "articles": {"en": 2, "tr": 1}, "drafts": 1, "scheduled": 0,
                            "problems": []})
