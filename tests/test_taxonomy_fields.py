"""taxonomy.yml: every field of every entry is known (a misspelt one is a located error with a did-you-mean),
audiences' calls to action and authors' role, bio, photo and type are checked and read into the model."""

from __future__ import annotations

import pytest
from conftest import Hub, article
from mkdocs.exceptions import Abort
from PIL import Image

from hub_plugins.errors import ContentError
from hub_plugins.loader import Source, load_hub
from hub_plugins.model import CallToAction

LABELS = ("    en: {label: Students, description: For students.}\n"
          "    tr: {label: Öğrenciler, description: Öğrenciler için.}\n")
TOPIC = ("topics:\n  recruitment:\n    en: {label: Recruitment, description: Hiring.}\n"
         "    tr: {label: İşe alım, description: İşe alım.}\n")


def problems_of(hub: Hub) -> list[str]:
    source = Source(docs_dir=hub.docs, root=hub.root, languages=("en", "tr"))
    with pytest.raises(ContentError) as caught:
        load_hub(source)
    return [str(p) for p in caught.value.problems]


def model(hub: Hub):
    return load_hub(Source(docs_dir=hub.docs, root=hub.root, languages=("en", "tr")))


def taxonomy(hub: Hub, audiences: str = "", authors: str = "", series: str = "") -> None:
    """Write a taxonomy: a `students` audience (with `audiences` lines added), a topic, authors, series."""
    text = "audiences:\n  students:\n" + LABELS + audiences + TOPIC
    if authors:
        text += "authors:\n" + authors
    if series:
        text += "series:\n" + series
    hub.write("taxonomy.yml", text)


@pytest.mark.parametrize(("section", "expected"), [
    ("audiences", "content/taxonomy.yml:5: audiences.students.ctaa: unknown field — did you mean 'cta'?"),
    ("topics", "content/taxonomy.yml:10: topics.recruitment.en.descripton: unknown field — did you mean "
               "'description'?"),
    ("authors", "content/taxonomy.yml:12: authors.ayse.rol: unknown field — did you mean 'role'?"),
    ("series", "content/taxonomy.yml:14: series.hiring.part: unknown field — did you mean 'parts'?"),
])
def test_an_unknown_field_in_any_section_is_located_with_a_suggestion(hub: Hub, section: str,
                                                                      expected: str) -> None:
    text = ("audiences:\n  students:\n" + LABELS
            + "    ctaa: {label: {en: Apply, tr: Başvurun}, url: 'https://jobs.example.com/'}\n"  # line 5
            + "topics:\n  recruitment:\n    en:\n      label: Recruitment\n      descripton: Hiring.\n"  # 6-10
            + "    tr: {label: İşe alım, description: İşe alım.}\n"
            + "authors:\n  ayse:\n    name: Ayşe\n    rol: {en: Recruiter, tr: İşe alım uzmanı}\n"  # 12-15
            + "series:\n  hiring:\n    part: 3\n"  # 16-18
            + "    en: {title: Hiring, description: Hiring.}\n    tr: {title: İşe alım, description: Seri.}\n")
    # Each case keeps the one mistake of its section; the others are written correctly.
    fixes = {"audiences": ("    ctaa:", "    cta:"), "topics": ("descripton", "description"),
             "authors": ("    rol:", "    role:"), "series": ("    part:", "    parts:")}
    for other, (wrong, right) in fixes.items():
        if other != section:
            text = text.replace(wrong, right)
    hub.write("taxonomy.yml", text)
    problems = problems_of(hub)
    line = {"audiences": 5, "topics": 10, "authors": 15, "series": 18}[section]
    assert problems == [expected.replace(expected.split(":")[1], str(line), 1)]


def test_an_unknown_field_fails_the_build_not_ignored(hub: Hub, caplog: pytest.LogCaptureFixture) -> None:
    taxonomy(hub, audiences="    call_to_action: {url: 'https://jobs.example.com/'}\n")
    with pytest.raises(Abort):
        hub.build()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert ("content/taxonomy.yml:5: audiences.students.call_to_action: unknown field — use only: en, tr, cta"
            in logged)
    assert "Traceback" not in logged


def test_audience_cta_is_read(hub: Hub) -> None:
    taxonomy(hub, audiences="    cta:\n      label: {en: See internships, tr: Stajlara bakın}\n"
                            "      url: https://jobs.example.com/list?level=student#open\n")
    hub.write("en/articles/x.md", article("X"))
    found = model(hub).taxonomy.audiences["students"].cta
    assert found == CallToAction({"en": "See internships", "tr": "Stajlara bakın"},
                                 "https://jobs.example.com/list?level=student#open")
    assert model(hub).taxonomy.topics["recruitment"].cta is None


@pytest.mark.parametrize(("cta", "expected"), [
    ("{label: {en: Apply, tr: Başvurun}, url: jobs.example.com/list}",
     ["5: audiences.students.cta.url: 'jobs.example.com/list' is not an absolute http(s) address — write the "
      "full address with https://, e.g. https://careers.example.com/jobs?level=student"]),
    ("{label: {en: Apply, tr: Başvurun}, url: 'ftp://jobs.example.com/'}",
     ["5: audiences.students.cta.url: 'ftp://jobs.example.com/' is not an absolute http(s) address — write "
      "the full address with https://, e.g. https://careers.example.com/jobs?level=student"]),
    ("{label: {en: Apply}, url: 'https://jobs.example.com/'}",
     ["5: audiences.students.cta.label.tr: missing or empty — write the link text in 'tr' (in quotes if it "
      "contains ': ')"]),
    ("{label: {en: Apply, tr: Başvurun, de: Bewerben}, url: 'https://jobs.example.com/'}",
     ["5: audiences.students.cta.label.de: unknown field — use only: en, tr"]),
    ("{label: {en: Apply, tr: Başvurun}, link: 'https://jobs.example.com/'}",
     ["5: audiences.students.cta.link: unknown field — use only: label, url",
      "5: audiences.students.cta.url: missing — write the full address with https://, e.g. "
      "https://careers.example.com/jobs?level=student"]),
    ("'https://jobs.example.com/'",
     ["5: audiences.students.cta: must be a mapping with 'label' and 'url' — write cta: {label: {en: See our "
      "open positions, tr: Açık pozisyonlarımızı görün}, url: https://…}"]),
])
def test_a_bad_cta_is_a_located_taxonomy_error(hub: Hub, cta: str, expected: list[str]) -> None:
    taxonomy(hub, audiences=f"    cta: {cta}\n")
    assert problems_of(hub) == [f"content/taxonomy.yml:{line}" for line in expected]


def test_a_cta_on_a_topic_is_unknown(hub: Hub) -> None:
    hub.write("taxonomy.yml", "audiences:\n  students:\n" + LABELS + TOPIC
              + "    cta: {label: {en: Apply, tr: Başvurun}, url: 'https://jobs.example.com/'}\n")
    assert problems_of(hub) == ["content/taxonomy.yml:9: topics.recruitment.cta: unknown field — use only: en, tr"]


def photo(hub: Hub, rel: str, kind: str = "PNG") -> None:
    path = hub.docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 40), "teal").save(path, kind)


def test_authors_role_bio_photo_and_type(hub: Hub) -> None:
    photo(hub, "authors/ayse.jpg", "JPEG")
    taxonomy(hub, authors="  ayse:\n    name: Ayşe Yılmaz\n    role: {en: Recruiter, tr: İşe alım uzmanı}\n"
                          "    bio:\n      en: Ayşe hires our engineers.\n      tr: Ayşe mühendislerimizi işe alıyor.\n"
                          "    photo: authors/ayse.jpg\n"
                          "  people-team:\n    name: People Team\n    type: organization\n")
    authors = model(hub).taxonomy.authors
    ayse, team = authors["ayse"], authors["people-team"]
    assert (ayse.name, ayse.role("tr"), ayse.bio("en"), ayse.photo, ayse.organization) == (
        "Ayşe Yılmaz", "İşe alım uzmanı", "Ayşe hires our engineers.", "authors/ayse.jpg", False)
    assert (team.organization, team.role("en"), team.bio("tr"), team.photo) == (True, None, None, None)


def test_the_shipped_team_is_an_organization_with_role_and_bio(hub: Hub) -> None:
    team = model(hub).taxonomy.authors["editorial-team"]
    assert team.organization and team.name == "Career Hub"
    assert team.role("en") and team.role("tr") and team.bio("en") and team.bio("tr")
    audiences = model(hub).taxonomy.audiences
    assert all(term.cta is not None and term.cta.url.startswith("https://") for term in audiences.values())


def test_author_problems_are_located(hub: Hub) -> None:
    hub.write("authors/notes.png", "not a picture")
    photo(hub, "authors/old.bmp", "BMP")
    taxonomy(hub, authors="  a:\n    name: A\n    photo: authors/missing.jpg\n"  # lines 10-12
                          "  b:\n    name: B\n    photo: authors/notes.png\n"  # 13-15
                          "  c:\n    name: C\n    photo: ../outside.jpg\n"  # 16-18
                          "  d:\n    name: D\n    type: organisation\n"  # 19-21
                          "  e:\n    name: E\n    role: {en: Recruiter}\n"  # 22-24
                          "  f:\n    name: F\n    bio: Writes.\n"  # 25-27
                          "  g:\n    name: G\n    photo: authors/old.bmp\n")  # 28-30
    assert problems_of(hub) == [
        "content/taxonomy.yml:12: authors.a.photo: file 'authors/missing.jpg' not found — give a path relative "
        "to the folder of taxonomy.yml, e.g. authors/name.jpg",
        "content/taxonomy.yml:15: authors.b.photo: 'authors/notes.png' is not an image that can be read — use a "
        "JPEG or PNG photo",
        "content/taxonomy.yml:18: authors.c.photo: '../outside.jpg' is outside the content folder, so it would "
        "not be published — put the photo in the content folder, e.g. authors/name.jpg, and give that path",
        "content/taxonomy.yml:21: authors.d.type: unknown value 'organisation' — did you mean 'organization'? "
        "(allowed: person, organization) (organization: a team or the company)",
        "content/taxonomy.yml:24: authors.e.role.tr: missing or empty — write a tr (in quotes if it contains "
        "': ')",
        "content/taxonomy.yml:27: authors.f.bio: must give the text per language — write bio: {en: …, tr: …}",
        "content/taxonomy.yml:30: authors.g.photo: 'authors/old.bmp' is a BMP image, which not every browser "
        "shows — use a JPEG, PNG, GIF or WebP photo",
    ]


def test_a_misspelt_field_is_one_mistake_not_also_a_missing_one(hub: Hub) -> None:
    hub.write("taxonomy.yml", "audiences:\n  students:\n    enn: {label: Students, description: For students.}\n"
              "    tr: {label: Öğrenciler, description: Öğrenciler için.}\n" + TOPIC
              + "authors:\n  ayse:\n    nme: Ayşe\n")
    assert problems_of(hub) == [
        "content/taxonomy.yml:3: audiences.students.enn: unknown field — did you mean 'en'?",
        "content/taxonomy.yml:11: authors.ayse.nme: unknown field — did you mean 'name'?"]
