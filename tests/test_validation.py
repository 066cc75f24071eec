"""Every content error class of SPEC fails the build with one located line, all at once."""

from __future__ import annotations

import re

import pytest
from conftest import Hub, article
from mkdocs.exceptions import Abort

from hub_plugins.errors import ContentError
from hub_plugins.loader import Source, load_hub


def problems_of(hub: Hub) -> list[str]:
    """The problem lines the loader reports for this project (the same the build prints)."""
    source = Source(docs_dir=hub.docs, root=hub.root, languages=("en", "tr"))
    with pytest.raises(ContentError) as caught:
        load_hub(source)
    return [str(p) for p in caught.value.problems]


def build_fails(hub: Hub, caplog: pytest.LogCaptureFixture) -> str:
    """Build, expect the abort MkDocs gives for a plugin error, and return what was logged."""
    with pytest.raises(Abort):
        hub.build()
    return "\n".join(r.getMessage() for r in caplog.records)


def test_unknown_audience_key_is_located_with_suggestion(hub: Hub, caplog) -> None:
    hub.write("tr/articles/x.md", "---\ntitle: X\ndescription: D.\ndate: 2024-01-01\ntopics: [recruitment]\n"
              "audience: [studens]\n---\nText\n")
    logged = build_fails(hub, caplog)
    assert ("content/tr/articles/x.md:6: audience: unknown value 'studens' — did you mean 'students'? "
            "(allowed: students, professionals, employees, hr-community)") in logged
    assert "Traceback" not in logged


def test_unknown_field_suggests_the_known_one(hub: Hub) -> None:
    text = article("X", topics=None).replace("---\n\n", "topic: recruitment\n---\n\n", 1)
    hub.write("en/articles/x.md", text)
    assert problems_of(hub) == ["content/en/articles/x.md:6: topic: unknown field — did you mean 'topics'?"]


@pytest.mark.parametrize("field", ["title", "description", "date", "audience", "topics"])
def test_each_missing_required_field(hub: Hub, field: str) -> None:
    hub.write("en/articles/x.md", article(**{"title": "X", field: None}))
    problems = problems_of(hub)
    assert len(problems) == 1
    assert problems[0].startswith(f"content/en/articles/x.md:6: {field}: missing required field")


def test_unknown_topic_lists_allowed_values(hub: Hub) -> None:
    hub.write("en/articles/x.md", article("X", topics=["carrer-management", "zzz"]))
    problems = problems_of(hub)
    assert len(problems) == 2
    assert "topics: unknown value 'carrer-management' — did you mean 'career-management'?" in problems[0]
    assert "topics: unknown value 'zzz' — use one of: recruitment, talent-development" in problems[1]


def test_malformed_yaml_is_located_not_ignored(hub: Hub) -> None:
    hub.write("en/articles/x.md", "---\ntitle: X\ndescription: D.\ndate: 2024-01-01\n"
              "audience: [students\ntopics: [recruitment]\n---\nText\n")
    problems = problems_of(hub)
    assert len(problems) == 1
    assert re.match(r"content/en/articles/x\.md:[67]: front-matter: malformed YAML", problems[0])


def test_missing_front_matter(hub: Hub) -> None:
    hub.write("en/articles/x.md", "# Just text\n")
    assert problems_of(hub) == ["content/en/articles/x.md:1: front-matter: missing: the file must start with "
                                "a '---' line — add the front-matter block ('---', the fields, '---') at the top"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2013-02-30", "'2013-02-30' is not a real date"),
    ("13.02.2013", "'13.02.2013' is not a date in YYYY-MM-DD form"),
    ("2013-02-13T09:00:00", "has a time but no UTC offset"),
])
def test_invalid_dates(hub: Hub, value: str, expected: str) -> None:
    hub.write("en/articles/x.md", article("X", date=value))
    problems = problems_of(hub)
    assert len(problems) == 1
    assert problems[0].startswith("content/en/articles/x.md:4: date: ")
    assert expected in problems[0]


def test_datetime_with_offset_and_scalar_lists_are_accepted(hub: Hub) -> None:
    hub.write("en/articles/x.md", article("X", date="2013-02-13T09:30:00+03:00", audience="students",
                                          topics="recruitment"))
    site = hub.build()
    page = site.html("en/articles/x/")
    assert page.xpath("//span[@class='hub-article__published']/time/@datetime") == ["2013-02-13T09:30:00+03:00"]
    assert page.xpath("//li[contains(@class,'hub-chip--audience')]/@data-key") == ["students"]


def test_non_utf8_file(hub: Hub) -> None:
    hub.write("tr/articles/x.md", article("X").encode("utf-8") + "\nİşe alım\n".encode("cp1254"))
    problems = problems_of(hub)
    assert len(problems) == 1
    assert re.match(r"content/tr/articles/x\.md:11: encoding: byte 0x[0-9a-f]{2} is not UTF-8 — save the file "
                    r"as UTF-8", problems[0])


def test_duplicate_translation_key_in_one_language(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", translation_key="k1"))
    hub.write("en/articles/b.md", article("B", translation_key="k1"))
    hub.write("tr/articles/c.md", article("C", translation_key="k1"))  # the other language may use it
    problems = problems_of(hub)
    assert problems == [
        "content/en/articles/a.md:7: translation_key: translation_key 'k1' is also used by "
        "content/en/articles/b.md — each language may use a translation_key once: change one of them",
        "content/en/articles/b.md:7: translation_key: translation_key 'k1' is also used by "
        "content/en/articles/a.md — each language may use a translation_key once: change one of them"]


def test_duplicate_slug_in_one_language(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A"))
    hub.write("en/articles/2024/a.md", article("A again"))
    problems = problems_of(hub)
    assert len(problems) == 2
    assert all("file name: slug 'a' is also used by" in p for p in problems)


def test_invalid_file_name(hub: Hub) -> None:
    hub.write("tr/articles/İşe Alım.md", article("X"))
    problems = problems_of(hub)
    assert problems == ["content/tr/articles/İşe Alım.md:1: file name: 'İşe Alım.md' is not a valid slug "
                        "(lowercase ASCII letters, digits and hyphens) — rename the file to ise-alim.md"]


def test_series_part_used_twice(hub: Hub) -> None:
    series = {"series": "ik-icin-sosyal-medya", "series_part": 2}
    hub.write("tr/articles/a.md", article("A", **series))
    hub.write("tr/articles/b.md", article("B", **series))
    hub.write("en/articles/c.md", article("C", **series))  # another language: its own numbering
    problems = problems_of(hub)
    assert len(problems) == 2
    assert problems[0].startswith("content/tr/articles/a.md:8: series_part: series part 2 is also used by "
                                  "content/tr/articles/b.md")


def test_series_needs_known_key_and_part(hub: Hub) -> None:
    hub.write("tr/articles/a.md", article("A", series="sosyal-medya"))
    hub.write("tr/articles/b.md", article("B", series="ik-icin-sosyal-medya", series_part=9))
    problems = problems_of(hub)
    assert len(problems) == 2
    assert "a.md:7: series: unknown value 'sosyal-medya'" in problems[0]
    assert "b.md:8: series_part: part 9 of a 4-part series" in problems[1]


def test_language_contradicting_the_folder(hub: Hub) -> None:
    hub.write("tr/articles/x.md", article("X", lang="en"))
    problems = problems_of(hub)
    assert problems == ["content/tr/articles/x.md:7: lang: says 'en' but the file is in the 'tr' folder — move "
                        "the file to content/en/articles/ or remove 'lang:'"]


def test_unknown_author_and_missing_image(hub: Hub) -> None:
    hub.write("en/articles/x.md", article("X", author="nobody", image="cover.png"))
    problems = problems_of(hub)
    assert len(problems) == 2
    assert "x.md:7: author: unknown value 'nobody'" in problems[0]
    assert "x.md:8: image: file 'cover.png' not found next to the article" in problems[1]


def test_taxonomy_problems_are_located(hub: Hub) -> None:
    data = hub.taxonomy()
    del data["topics"]["recruitment"]["tr"]
    hub.set_taxonomy(data)
    problems = problems_of(hub)
    assert len(problems) == 1
    assert re.fullmatch(r"content/taxonomy\.yml:\d+: topics\.recruitment\.tr: no 'tr' block — add 'tr:' with "
                        r"label and description under 'recruitment'", problems[0])


def test_all_errors_of_all_files_in_one_run(hub: Hub, caplog) -> None:
    hub.write("en/articles/a.md", article("A", topics=["recruiting"]))
    hub.write("en/articles/b.md", article("B", date="2013-02-30"))
    hub.write("tr/articles/c.md", article("C", audience=["studens"]))
    hub.write("tr/articles/d.md", "---\ntitle: [unclosed\n---\n")
    logged = build_fails(hub, caplog)
    located = re.findall(r"^  content/\S+\.md:\d+: \w[\w -]*: .+$", logged, flags=re.M)
    assert len(located) == 4, logged
    assert "4 content errors:" in logged
    assert [line.split(":")[0].strip() for line in located] == [
        "content/en/articles/a.md", "content/en/articles/b.md", "content/tr/articles/c.md",
        "content/tr/articles/d.md"]


def test_field_given_twice(hub: Hub) -> None:
    hub.write("en/articles/x.md", "---\ntitle: X\ntitle: Y\ndescription: D.\ndate: 2024-01-01\n"
              "audience: students\ntopics: recruitment\n---\n")
    problems = problems_of(hub)
    assert len(problems) == 1
    assert problems[0].startswith("content/en/articles/x.md:3: title: given twice (first on line 2)")
