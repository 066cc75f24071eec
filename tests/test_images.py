"""Responsive images: variants drawn and cached, body images as <picture>, the drawing pool, located errors."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from conftest import Hub, Site, article
from lxml import etree, html
from mkdocs.exceptions import Abort
from PIL import Image, ImageFile

from hub_plugins import drawing
from hub_plugins.cards import CardMaker, CardText
from hub_plugins.imagecheck import Header, PictureHeaders, find_images
from hub_plugins.images import ImageSet, card_key, variant_widths


def photo(path: Path, size: tuple[int, int], kind: str = "JPEG", **save: object) -> Path:
    """A picture with real detail (gradients and shapes), so that encoders have work to do."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    red = Image.radial_gradient("L").resize(size)
    image = Image.merge("RGB", (red, image.getchannel(1), Image.linear_gradient("L").rotate(90).resize(size)))
    for i in range(6):
        box = (i * width // 7, i * height // 9, i * width // 7 + width // 5, i * height // 9 + height // 4)
        image.paste((40 * i, 255 - 30 * i, 90), box)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format=kind, **save)
    return path


def picture_urls(picture: html.HtmlElement, page_url: str) -> dict[str, list[tuple[str, int]]]:
    """Each <source>'s MIME type → its srcset as (site path, width), resolved against the page."""
    found = {}
    for source in picture.xpath("source"):
        candidates = [part.strip().split(" ") for part in source.get("srcset").split(",")]
        found[source.get("type")] = [(unquote(urljoin("/" + page_url, url)).lstrip("/"), int(w[:-1]))
                                     for url, w in candidates]
    return found


def variant_bytes(site: Site) -> dict[str, bytes]:
    """Every variant file of a built site by name."""
    return {p.name: p.read_bytes() for p in (site.site_dir / "assets" / "hub-images").iterdir()}


def body_article(hub: Hub) -> None:
    """An English article with a header image and two body pictures, and one without an image (a card)."""
    photo(hub.docs / "en/articles/images/cover.jpg", (2000, 1000))
    photo(hub.docs / "en/articles/images/team.png", (800, 600), "PNG")
    hub.write("en/articles/with-pictures.md", article(
        "With pictures", image="images/cover.jpg",
        body="Intro.\n\n![Our team at work](images/team.png)\n\n```\n![](not-an-image.png)\n```\n\n"
             "A [remote one](https://example.org/): ![Logo](https://example.org/logo.png)\n"))
    hub.write("en/articles/solo.md", article("Solo"))


def test_every_picture_gets_webp_and_original_variants_never_wider_than_it(hub: Hub) -> None:
    body_article(hub)
    config = hub.load()
    site = hub.build(config)
    images: ImageSet = config.plugins["hub"].build.images

    page_url = "en/articles/with-pictures/"
    page = site.html(page_url)
    (picture,) = page.xpath("//div[@class='hub-article__body']//picture")
    sources = picture_urls(picture, page_url)
    assert list(sources) == ["image/webp", "image/png"]  # WebP first, the original type last
    assert [w for _u, w in sources["image/webp"]] == [w for _u, w in sources["image/png"]] == [480, 800]
    for kind, variants in sources.items():
        for url, width in variants:
            with Image.open(site.site_dir / url) as variant:
                assert (variant.format, variant.width) == ({"image/webp": "WEBP", "image/png": "PNG"}[kind], width)
                assert variant.height == round(600 * width / 800)
    assert {s.get("sizes") for s in picture.xpath("source")} == {"(min-width: 76.25em) 46rem, 100vw"}
    (img,) = picture.xpath("img")
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("Our team at work", "800", "600")
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert (site.site_dir / unquote(urljoin("/" + page_url, img.get("src"))).lstrip("/")).is_file()
    # Code is code, and a remote picture is left alone.
    assert page.xpath("//pre//code[contains(., '![](not-an-image.png)')]")
    assert page.xpath("//img[@src='https://example.org/logo.png']/@alt") == ["Logo"]
    assert len(page.xpath("//div[@class='hub-article__body']//picture")) == 1

    # The header image (2000 px) gets the configured widths; the card (1200 px) its own width on top, in
    # WebP only: the card itself is the fallback in its original format.
    cover = images.picture("en/articles/images/cover.jpg", "A cover")
    assert cover is not None and cover.alt == "A cover"
    assert [(s.mime, [v.width for v in s.variants]) for s in cover.sources] == [
        ("image/webp", [480, 960, 1440]), ("image/jpeg", [480, 960, 1440])]
    assert (cover.width, cover.height) == (1440, 720) and cover.url.endswith("-1440w.jpg")
    card = images.picture(card_key("en/articles/solo.md"), "")
    assert card is not None
    assert [(s.mime, [v.width for v in s.variants]) for s in card.sources] == [("image/webp", [480, 960, 1200])]
    home = site.html("en/")
    (thumbnail,) = home.xpath("//li[contains(@class, 'hub-card')][.//a[contains(@href, 'solo')]]//picture")
    assert list(picture_urls(thumbnail, "en/")) == ["image/webp"]
    (img,) = thumbnail.xpath(".//img")
    assert (img.get("width"), img.get("height")) == ("1200", "630")
    assert urljoin("/en/", img.get("src")) == "/en/articles/solo/card.png"  # the social card, in the site
    assert (site.site_dir / "en/articles/solo/card.png").read_bytes().startswith(b"\x89PNG")
    for found in (cover, card):
        for source in found.sources:
            for variant in source.variants:
                with Image.open(site.site_dir / variant.url) as image:
                    assert image.width == variant.width
                    assert image.get_format_mimetype() == source.mime
                    assert not image.info.get("exif") and not image.getexif()
    # A photo's WebP is lossy; a card's (flat colours and text) lossless, and lighter than the card itself.
    assert {(site.site_dir / v.url).read_bytes()[12:16] for v in cover.sources[0].variants} == {b"VP8 "}
    card_webp = [(site.site_dir / v.url).read_bytes() for v in card.sources[0].variants]
    assert {data[12:16] for data in card_webp} == {b"VP8L"}
    assert len(card_webp[-1]) < (site.site_dir / "en/articles/solo/card.png").stat().st_size


def test_variant_widths_never_exceed_the_original() -> None:
    assert variant_widths(2000, (480, 960, 1440)) == (480, 960, 1440)
    assert variant_widths(1440, (480, 960, 1440)) == (480, 960, 1440)
    assert variant_widths(1000, (480, 960, 1440)) == (480, 960, 1000)
    assert variant_widths(300, (480, 960, 1440)) == (300,)


def test_a_rebuild_draws_nothing_and_every_build_draws_the_same_bytes(hub: Hub, tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    body_article(hub)
    config = hub.load()
    first = variant_bytes(hub.build(config))
    plugin = config.plugins["hub"]
    assert plugin.build.images.drawn == len(first) == 13  # team 2 types × 2 widths, cover 2 × 3, card 3 WebP
    caplog.clear()
    second = hub.build(config)  # same plugin instance, as `mkdocs serve` rebuilds
    assert (plugin.build.images.drawn, plugin.build.images.reused) == (0, 13)
    assert "images: 0 drawn, 13 reused" in caplog.text
    assert "drawing:" not in caplog.text
    assert variant_bytes(second) == first

    # A variant lost from the cache is drawn again, byte for byte (from the same widest variant).
    lost = sorted((hub.root / ".cache/hub-images").glob("*-480w.webp"))[0]
    lost.unlink()
    assert variant_bytes(hub.build(config)) == first and plugin.build.images.drawn == 1

    again = Hub(tmp_path / "again")  # another project, its own empty cache
    body_article(again)
    assert variant_bytes(again.build()) == first


def test_a_picture_is_hashed_again_only_when_its_size_or_time_changed(hub: Hub) -> None:
    """Every build names variants by the source's digest; an unchanged file is not read again."""
    cover = photo(hub.docs / "en/articles/images/cover.jpg", (2000, 1000))
    hub.write("en/articles/covered.md", article("Covered", image="images/cover.jpg"))
    config = hub.load()
    plugin = config.plugins["hub"]

    def cover_key() -> str:
        hub.build(config)
        found = plugin.build.images.picture("en/articles/images/cover.jpg", "")
        assert found is not None
        return found.url.rsplit("/", 1)[1].split("-")[0]

    first = cover_key()
    record_file = hub.root / ".cache/hub-images/digests.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    (entry,) = [v for k, v in record.items() if k.endswith("cover.jpg")]
    info = cover.stat()
    assert entry == [info.st_size, info.st_mtime_ns, hashlib.sha256(cover.read_bytes()).hexdigest()]

    # The record is trusted while size and time match: a planted digest names the variants.
    record = {k: ([*v[:2], "0" * 64] if k.endswith("cover.jpg") else v) for k, v in record.items()}
    record_file.write_text(json.dumps(record), encoding="utf-8")
    planted = cover_key()
    assert planted != first

    # A new picture under the same name (new bytes, new time) is hashed again.
    photo(cover, (1800, 1000))
    os.utime(cover, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    changed = cover_key()
    assert changed not in (first, planted)
    record_file.write_text("not json", encoding="utf-8")  # a damaged record: everything hashed again
    assert cover_key() == changed


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_turned_picture_is_planned_and_drawn_upright_from_its_header_alone(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EXIF orientation 6 (a phone held upright): stored 400×200, shown 200×400, in the plan and the files."""
    exif = Image.Exif()
    exif[0x0112] = 6
    path = photo(tmp_path / f"turned.{kind.lower()}", (400, 200), kind, exif=exif.tobytes())
    images = ImageSet(tmp_path / "cache", (120, 960))
    # Planning reads the header only: decoding the pixels (what Pillow's PNG getexif() does) is not needed.
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels decoded while planning"))
    picture = images.add_file("turned", path)
    upright = images.add_file("upright", photo(tmp_path / f"upright.{kind.lower()}", (400, 200), kind))
    monkeypatch.undo()
    assert upright is not None and (upright.width, upright.height) == (400, 200)
    assert picture is not None and (picture.width, picture.height) == (200, 400)
    drawing.draw(images.stages(), workers=1)
    for source in picture.sources:
        for variant in source.variants:
            with Image.open(images.cache_dir / variant.url.rsplit("/", 1)[1]) as drawn:
                assert drawn.size == (variant.width, round(400 * variant.width / 200))


def test_a_picture_header_is_read_once_per_version_of_the_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation and the variants' plan share one reading; `mkdocs serve` keeps it across rebuilds."""
    path = photo(tmp_path / "a.jpg", (640, 480))
    opened: list[str] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda fp, *a, **k: opened.append(str(fp)) or real_open(fp, *a, **k))
    headers = PictureHeaders()
    assert headers.read(path) == headers.read(path) == Header(640, 480, "JPEG", 1, False, False)
    images = ImageSet(tmp_path / "cache", (480,), headers)
    assert images.add_file("a.jpg", path) is not None
    assert opened == [str(path)]
    photo(path, (800, 480))  # a new version of the file: read again
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert headers.read(path) == Header(800, 480, "JPEG", 1, False, False) and len(opened) == 2
    (tmp_path / "notes.txt").write_text("not a picture", encoding="utf-8")
    assert headers.read(tmp_path / "notes.txt") is None


def test_picture_headers_are_recorded_for_the_next_build_or_check(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The record is trusted while a file's size and time match (shown by planting a header), read again
    when the file changes, and ignored when damaged."""
    path, record = photo(tmp_path / "a.jpg", (640, 480)), tmp_path / "cache" / "headers.json"
    opened: list[str] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda fp, *a, **k: opened.append(str(fp)) or real_open(fp, *a, **k))
    (tmp_path / "notes.txt").write_text("not a picture", encoding="utf-8")
    first = PictureHeaders(record)
    assert first.read(path) == Header(640, 480, "JPEG", 1, False, False)
    assert first.read(tmp_path / "notes.txt") is None
    first.save()
    assert len(opened) == 2 and record.is_file()

    planted = json.loads(record.read_text(encoding="utf-8"))
    planted[str(path)][2][0] = 7000  # a width only the record says
    record.write_text(json.dumps(planted), encoding="utf-8")
    second = PictureHeaders(record)
    assert second.read(path) == Header(7000, 480, "JPEG", 1, False, False)
    assert second.read(tmp_path / "notes.txt") is None and len(opened) == 2  # nothing opened

    photo(path, (800, 480))  # a new version of the file
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert PictureHeaders(record).read(path) == Header(800, 480, "JPEG", 1, False, False) and len(opened) == 3

    planted[str(path)] = [path.stat().st_size, path.stat().st_mtime_ns, ["800", 480, "JPEG", 1, False, False]]
    record.write_text(json.dumps(planted), encoding="utf-8")  # a damaged entry: read again
    assert PictureHeaders(record).read(path) == Header(800, 480, "JPEG", 1, False, False) and len(opened) == 4
    record.write_text("{not json", encoding="utf-8")
    assert PictureHeaders(record).read(path) == Header(800, 480, "JPEG", 1, False, False) and len(opened) == 5


def test_the_pool_draws_the_bytes_drawn_in_process_whatever_the_order(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [photo(tmp_path / "in" / f"p{i}.jpg", (1600 + 40 * i, 900)) for i in range(3)]
    sources.append(photo(tmp_path / "in" / "g.png", (1000, 700), "PNG"))

    def plan(cache: Path) -> list[list]:
        cards = CardMaker(cache / "cards")
        for title in ("Bir", "İki Çağrı", "Three", "Dört Şölen"):
            cards.card(CardText(title, "Recruitment", "Test Hub"))
        images = ImageSet(cache / "images", (480, 960, 1440))
        for path in sources:
            images.add_file(path.name, path)
        images.add_card("card.png", next(iter(cards.pending)), 1200, 630)
        return images.stages(cards.jobs())

    def files(cache: Path) -> dict[str, bytes]:
        return {p.relative_to(cache).as_posix(): p.read_bytes() for p in cache.rglob("*") if p.is_file()}

    stages = plan(tmp_path / "one")
    done = drawing.draw(stages, workers=1)
    assert done.workers == 0 and done.files == 4 + 6 * 4 + 3  # 4 cards, 4 pictures and a card's WebP variants
    monkeypatch.setattr(drawing, "IN_PROCESS_JOBS", 0)
    reverse = [list(reversed(stage)) for stage in plan(tmp_path / "pool")]
    pooled = drawing.draw(reverse, workers=2)
    assert pooled.workers == 2 and pooled.files == done.files
    assert files(tmp_path / "pool") == files(tmp_path / "one")
    assert not list((tmp_path / "pool").rglob("*.tmp"))


def test_body_pictures_follow_mkdocs_urls_without_directory_urls(hub: Hub) -> None:
    photo(hub.docs / "en/articles/team.jpg", (1200, 800))
    hub.write("en/articles/nested/deep.md", article("Deep", body="![The team](../team.jpg){ .wide }\n"))
    site = hub.build(use_directory_urls=False)
    page_url = "en/articles/nested/deep.html"
    page = site.html(page_url)
    (picture,) = page.xpath("//div[@class='hub-article__body']//picture")
    sources = picture_urls(picture, page_url)
    assert [w for _u, w in sources["image/jpeg"]] == [480, 960, 1200]
    assert all((site.site_dir / url).is_file() for variants in sources.values() for url, _w in variants)
    (img,) = picture.xpath("img")
    assert img.get("class") == "wide" and img.get("src").startswith("../../../assets/hub-images/")
    assert (site.site_dir / unquote(urljoin("/" + page_url, img.get("src"))).lstrip("/")).is_file()


def test_a_gif_is_shown_as_it_is_with_its_size(hub: Hub) -> None:
    hub.write("en/articles/gif.md", article("Gif", body="![A moving picture](moving.gif)\n"))
    frames = [Image.new("P", (300, 200), i) for i in range(3)]
    frames[0].save(hub.docs / "en/articles/moving.gif", save_all=True, append_images=frames[1:], duration=100)
    site = hub.build()
    (img,) = site.html("en/articles/gif/").xpath("//article//picture/img")
    assert (img.get("src"), img.get("width"), img.get("height")) == ("../moving.gif", "300", "200")
    assert not site.html("en/articles/gif/").xpath("//article//picture/source")


def test_full_content_feeds_get_absolute_srcsets(hub: Hub) -> None:
    photo(hub.docs / "en/articles/team.jpg", (600, 400))
    hub.write("en/articles/pics.md", article("Pics", body="![Team](team.jpg)\n"))
    site = hub.build(plugins=[{"hub": {"feeds": {"full_content": True}}}])
    # Read as XML: feedparser's sanitizer drops <source> elements, which feed readers do show.
    (content,) = etree.fromstring(site.path("en/feed.xml").read_bytes()).iter(
        "{http://purl.org/rss/1.0/modules/content/}encoded")
    fragment = html.fromstring(content.text)
    srcsets = fragment.xpath("//source/@srcset")
    urls = [candidate.strip().split(" ")[0] for srcset in srcsets for candidate in srcset.split(",")]
    assert len(urls) == 4  # WebP and JPEG, 480 and 600 pixels wide
    assert all(url.startswith("https://hub.example.org/assets/hub-images/") for url in urls), urls
    assert fragment.xpath("//picture/img/@src")[0].startswith("https://hub.example.org/assets/hub-images/")


def test_find_images_skips_code_and_reads_every_syntax() -> None:
    body = ("![A](a.png) and `![](code.png)`\n\n    ![](indented.png)\n\n- item\n\n    ![](in-list.png)\n"
            "<!-- ![](commented.png) -->\n![][ref] ![B](<b c.png> \"t\"){ .x }\n\n[ref]: r.jpg\n"
            "~~~\n![](fenced.png)\n~~~\n<img src=\"h.png\">  <img src='d.png' alt=''>\n![](e.png){ alt=\"\" }\n")
    found = [(i.src, i.alt, i.line) for i in find_images(body)]
    assert found == [("a.png", "A", 0), ("in-list.png", None, 6), ("r.jpg", None, 8), ("b c.png", "B", 8),
                     ("h.png", None, 14), ("d.png", "", 14), ("e.png", "", 15)]


BAD_BODY = """Intro.

![](team.png)

```markdown
![](not-checked.png)
```

<img src="team.png">

![](team.png){ alt="" }

![Big](big.png)
"""


def bad_article(hub: Hub) -> None:
    photo(hub.docs / "en/articles/team.png", (200, 100), "PNG")
    photo(hub.docs / "en/articles/big.png", (1500, 100), "PNG")
    photo(hub.docs / "en/articles/heavy.jpg", (900, 600), quality=100)
    hub.write("en/articles/bad.md", article("Bad", image="heavy.jpg", body=BAD_BODY))
    hub.config["plugins"] = [{"hub": {"images": {"max_width": 1000, "max_megabytes": 0.02}}}]


EXPECTED = [
    "content/en/articles/bad.md:7: image: 'heavy.jpg' is 0.1 MB, over the limit of 0.02 MB — resize it to at "
    "most 1,000 pixels wide (2,400 is plenty for a web page) and compress it, e.g. export as JPEG at quality 80",
    "content/en/articles/bad.md:12: image: 'team.png' has no alt text — describe the picture in the brackets, "
    "![A team at work](team.png), or write ![](team.png){ alt=\"\" } for a decorative picture",
    "content/en/articles/bad.md:18: image: 'team.png' has no alt text — add alt=\"…\" to the tag, "
    "<img src=\"team.png\" alt=\"A team at work\">, or alt=\"\" for a decorative picture",
    "content/en/articles/bad.md:22: image: 'big.png' is 1,500 pixels wide, over the limit of 1,000 — resize it "
    "to at most 1,000 pixels wide (2,400 is plenty for a web page) and compress it, e.g. export as JPEG at "
    "quality 80",
]


def test_missing_alt_text_and_oversized_pictures_are_located_errors(hub: Hub,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    bad_article(hub)
    heavy = (hub.docs / "en/articles/heavy.jpg").stat().st_size
    assert 20_000 < heavy < 150_000, heavy  # the message below says 0.1 MB
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        hub.build()
    reported = [line.strip() for line in caplog.text.splitlines() if "content/en/articles/bad.md:" in line]
    assert reported == EXPECTED
    lines = (hub.docs / "en/articles/bad.md").read_text(encoding="utf-8").split("\n")
    for line, written in ((7, "image: heavy.jpg"), (12, "![](team.png)"), (18, '<img src="team.png">'),
                          (22, "![Big](big.png)")):
        assert lines[line - 1] == written

    hub.load()  # `hub check` reads the same options from mkdocs.yml and says the same
    result = subprocess.run([sys.executable, "-m", "hub_plugins", "check"], cwd=hub.root, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 1
    assert [line.strip() for line in result.stdout.splitlines() if "bad.md:" in line] == EXPECTED
