"""The writers' CLI through its real entry point: `python -m hub_plugins new|check|report` in a project."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import pty
import resource
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import MAKE_CORPUS, Hub, article
from mkdocs.exceptions import Abort

from hub_plugins.loader import Source, load_hub

TODAY = "2024-06-01"  # HUB_TODAY: what "today" is for `new` and `report`


def run(hub: Hub, *args: str, hub_today: str | None = TODAY, cwd: Path | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a writer would, in the project folder (mkdocs.yml written first)."""
    if not (hub.root / "mkdocs.yml").exists():
        hub.load()
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    if hub_today is not None:
        env["HUB_TODAY"] = hub_today
    return subprocess.run([sys.executable, "-m", "hub_plugins", *args], cwd=cwd or hub.root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def load(hub: Hub, include_drafts: bool = True):
    """The content model of the project, as the build reads it."""
    return load_hub(Source(hub.docs, hub.root, ("en", "tr")), include_drafts=include_drafts)


# --- new -----------------------------------------------------------------------------------------

def test_new_scaffolds_a_turkish_article_that_validates(hub: Hub) -> None:
    result = run(hub, "new", "--lang", "tr", "--title", "İşe Alımda İlk İzlenim",
                 "--audience", "students,professionals", "--topics", "recruitment")
    assert result.returncode == 0, result.stderr
    path = hub.docs / "tr/articles/ise-alimda-ilk-izlenim.md"
    assert "Created content/tr/articles/ise-alimda-ilk-izlenim.md" in result.stdout
    assert "http://127.0.0.1:8000/tr/articles/ise-alimda-ilk-izlenim/" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "\u0307" not in text
    model = load(hub)
    assert len(model.articles) == 1
    made = model.articles[0]
    assert (made.lang, made.slug, made.title) == ("tr", "ise-alimda-ilk-izlenim", "İşe Alımda İlk İzlenim")
    assert made.audiences == ("students", "professionals") and made.topics == ("recruitment",)
    assert made.published.date() == dt.date(2024, 6, 1)  # today, from HUB_TODAY
    assert made.draft is True  # a new article starts as a draft
    assert made.description.startswith("YAPILACAK")  # placeholder in the article's language
    assert load(hub, include_drafts=False).articles == ()


def test_new_without_hub_today_uses_today_in_istanbul(hub: Hub) -> None:
    result = run(hub, "new", "--title", "Hello", "--audience", "students", "--topics", "recruitment",
                 "--publish", hub_today=None)
    assert result.returncode == 0, result.stderr
    made = load(hub).articles
    assert len(made) == 1
    assert made[0].lang == "en" and made[0].draft is False
    istanbul = ZoneInfo("Europe/Istanbul")  # the default time_zone; a run across midnight sees either day
    assert made[0].published.date() in {dt.datetime.now(istanbul).date() - dt.timedelta(days=d) for d in (0, 1)}


def test_new_with_root_option_from_another_folder(hub: Hub, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(hub, "new", "--root", str(hub.root), "--title", "Çağrı Merkezi Şöyle", "--audience",
                 "employees", "--topics", "career-management", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert (hub.docs / "en/articles/cagri-merkezi-soyle.md").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "de"], "--lang: unknown language 'de' — use one of: en, tr"),
    (["--lang", "trr"], "--lang: unknown language 'trr' — did you mean 'tr'?"),
    (["--audience", "studens"], "--audience: unknown value 'studens' — did you mean 'students'? "
                                "(allowed: students, professionals, employees, hr-community)"),
    (["--topics", "recruiting"], "--topics: unknown value 'recruiting' — did you mean 'recruitment'?"),
    (["--series", "ik-icin-sosyal"], "--series: unknown value 'ik-icin-sosyal' — did you mean "
                                     "'ik-icin-sosyal-medya'?"),
    (["--date", "2013-02-30"], "--date: '2013-02-30' is not a date"),
    (["--slug", "Büyük Harf"], "--slug: 'Büyük Harf' is not a valid file name"),
])
def test_new_rejects_bad_arguments_with_exit_code_2(hub: Hub, args: list[str], message: str) -> None:
    base = {"--lang": "tr", "--audience": "students", "--topics": "recruitment"}
    for name, value in zip(args[::2], args[1::2], strict=True):
        base[name] = value
    result = run(hub, "new", "--title", "Deneme", *[x for pair in base.items() for x in pair])
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list((hub.docs / "tr").rglob("*.md")) == [hub.docs / "tr/index.md"]


def test_new_lists_the_keys_when_audience_is_missing(hub: Hub) -> None:
    result = run(hub, "new", "--lang", "tr", "--title", "Deneme", "--topics", "recruitment")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("hub new: --audience is required")
    assert len(lines) == 5  # one line per audience, labelled in the article's language
    assert "Öğrenciler ve yeni mezunlar" in lines[1]


def test_new_on_a_broken_taxonomy_reports_its_problems(hub: Hub) -> None:
    taxonomy = hub.taxonomy()
    del taxonomy["topics"]["recruitment"]["tr"]
    hub.set_taxonomy(taxonomy)
    result = run(hub, "new", "--title", "X", "--audience", "students", "--topics", "recruitment")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "1 content error:"
    assert lines[1].startswith("  content/taxonomy.yml:")
    assert "topics.recruitment.tr: no 'tr' block" in lines[1]
    assert list((hub.docs / "en").rglob("*.md")) == [hub.docs / "en/index.md"]


def test_new_refuses_to_overwrite(hub: Hub) -> None:
    existing = hub.write("tr/articles/ise-alimda-ilk-izlenim.md", article("Eski yazı"))
    before = existing.read_bytes()
    result = run(hub, "new", "--lang", "tr", "--title", "İşe Alımda İlk İzlenim", "--audience", "students",
                 "--topics", "recruitment")
    assert result.returncode == 2
    assert "content/tr/articles/ise-alimda-ilk-izlenim.md already exists" in result.stderr
    assert existing.read_bytes() == before


def test_new_translation_creates_the_key_and_suggests_it_for_the_original(hub: Hub) -> None:
    hub.write("en/articles/first-impressions.md", article(
        "First impressions", audience=["students"], topics=["recruitment", "employer-brand"],
        author="editorial-team",
        series="ik-icin-sosyal-medya", series_part=3))
    result = run(hub, "new", "--lang", "tr", "--title", "İlk İzlenimler", "--translation-of",
                 "content/en/articles/first-impressions.md")
    assert result.returncode == 0, result.stderr
    assert ("add this line to the front-matter of content/en/articles/first-impressions.md:\n"
            "    translation_key: first-impressions") in result.stdout
    made = load(hub).by_src_uri["tr/articles/ilk-izlenimler.md"]
    assert made.translation_key == "first-impressions"
    assert made.audiences == ("students",) and made.topics == ("recruitment", "employer-brand")
    assert (made.authors, made.series, made.series_part) == (("editorial-team",), "ik-icin-sosyal-medya", 3)
    # Once the writer adds the suggested line, the two are linked as translations.
    original = hub.docs / "en/articles/first-impressions.md"
    original.write_text(original.read_text(encoding="utf-8").replace(
        "---\n\n", "translation_key: first-impressions\n---\n\n", 1), encoding="utf-8")
    model = load(hub)
    assert sorted(model.translations(made)) == ["en", "tr"]


def test_new_translation_reuses_the_key_and_refuses_a_second_translation(hub: Hub) -> None:
    hub.write("tr/articles/orijinal.md", article("Orijinal", translation_key="first-steps"))
    original = "tr/articles/orijinal.md"
    first = run(hub, "new", "--lang", "en", "--title", "Original", "--translation-of", original)
    assert first.returncode == 0, first.stderr
    assert "add this line" not in first.stdout
    assert load(hub).by_src_uri["en/articles/original.md"].translation_key == "first-steps"
    second = run(hub, "new", "--lang", "en", "--title", "Another", "--translation-of", original)
    assert second.returncode == 2
    assert "already has its 'en' translation: content/en/articles/original.md" in second.stderr


def test_new_translation_of_a_missing_or_same_language_file(hub: Hub) -> None:
    hub.write("tr/articles/orijinal.md", article("Orijinal"))
    missing = run(hub, "new", "--lang", "en", "--title", "X", "--translation-of", "tr/articles/yok.md")
    assert missing.returncode == 2 and "file 'tr/articles/yok.md' not found" in missing.stderr
    same = run(hub, "new", "--lang", "tr", "--title", "X", "--translation-of", "tr/articles/orijinal.md")
    assert same.returncode == 2 and "is already in 'tr'" in same.stderr


def test_new_series_takes_the_next_free_part(hub: Hub) -> None:
    hub.write("tr/articles/bolum-1.md", article("Bölüm 1", series="ik-icin-sosyal-medya", series_part=1))
    hub.write("tr/articles/bolum-2.md", article("Bölüm 2", series="ik-icin-sosyal-medya", series_part=2))
    result = run(hub, "new", "--lang", "tr", "--title", "Bölüm 3", "--audience", "hr-community", "--topics",
                 "social-media", "--series", "ik-icin-sosyal-medya")
    assert result.returncode == 0, result.stderr
    assert load(hub).by_src_uri["tr/articles/bolum-3.md"].series_part == 3
    taken = run(hub, "new", "--lang", "tr", "--title", "Başka", "--audience", "hr-community", "--topics",
                "social-media", "--series", "ik-icin-sosyal-medya", "--part", "2")
    assert taken.returncode == 2
    assert ("part 2 of 'ik-icin-sosyal-medya' in 'tr' is already content/tr/articles/bolum-2.md"
            in taken.stderr)
    beyond = run(hub, "new", "--lang", "tr", "--title", "Beşinci", "--audience", "hr-community", "--topics",
                 "social-media", "--series", "ik-icin-sosyal-medya", "--part", "5")
    assert beyond.returncode == 2 and "has 4 parts" in beyond.stderr


# --- check ---------------------------------------------------------------------------------------

def test_check_passes_on_good_content(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A"))
    hub.write("tr/articles/b.md", article("B", draft=True))
    result = run(hub, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No problems: 2 articles (en: 1, tr: 1; 1 draft)")


@pytest.mark.allow_warnings
def test_check_reports_every_problem_with_the_builds_own_messages(hub: Hub, caplog: pytest.LogCaptureFixture,
                                                                  ) -> None:
    hub.write("tr/articles/x.md", article("X", audience=["studens"]))
    hub.write("en/articles/y.md", article("Y", topic=["recruitment"], topics=None))
    hub.write("en/articles/z.md", article("Z", date="2013-02-30"))
    result = run(hub, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "3 content errors:"
    expected = [
        "  content/en/articles/y.md:6: topic: unknown field — did you mean 'topics'?",
        "  content/en/articles/z.md:4: date: '2013-02-30' is not a real date "
        "(day is out of range for month) — "
        "write the date as YYYY-MM-DD, e.g. 2013-02-13 (or 2013-02-13T09:00:00+03:00)",
        "  content/tr/articles/x.md:5: audience: unknown value 'studens' — did you mean 'students'? "
        "(allowed: students, professionals, employees, hr-community)",
    ]
    assert lines[1:4] == expected
    # The build says exactly the same.
    with pytest.raises(Abort):
        hub.build()
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(logged) == 1
    assert logged[0].splitlines() == lines[:4]


def test_check_json_for_ci(hub: Hub) -> None:
    hub.write("tr/articles/x.md", article("X", audience=["studens"]))
    result = run(hub, "check", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert len(data["problems"]) == 1
    problem = data["problems"][0]
    assert (problem["path"], problem["line"], problem["field"]) == ("content/tr/articles/x.md", 5, "audience")
    assert problem["fix"].startswith("did you mean 'students'?")
    ok = run(hub, "check", "--format", "json", "--root", str(hub.root))
    hub.write("tr/articles/x.md", article("X"))
    ok = run(hub, "check", "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"ok": True, "articles": {"en": 0, "tr": 1},
                                                            "drafts": 0, "scheduled": 0, "problems": []}


def test_check_github_annotations(hub: Hub) -> None:
    hub.write("tr/articles/x.md", article("X", topics=["recruiting"]))
    result = run(hub, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::error file=content/tr/articles/x.md,line=6,title=topics::unknown value "
                               "'recruiting' — did you mean 'recruitment'?")


def test_check_names_a_non_utf8_file(hub: Hub) -> None:
    hub.write("tr/articles/latin.md", article("Latin").encode("utf-8") + "Türkçe\n".encode("iso-8859-9"))
    result = run(hub, "check")
    assert result.returncode == 1
    assert ("content/tr/articles/latin.md:10: encoding: byte 0xfc is not UTF-8 — save the file as UTF-8"
            in result.stdout)
    assert "Traceback" not in result.stdout + result.stderr


def test_check_outside_a_project_is_a_usage_error(tmp_path: Path, hub: Hub) -> None:
    result = run(hub, "check", "--root", str(tmp_path))
    assert result.returncode == 2
    assert f"no mkdocs.yml in {tmp_path}" in result.stderr
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", encoding="utf-8")
    result = run(hub, "check", "--root", str(tmp_path))
    assert result.returncode == 2 and "does not use the 'hub' plugin" in result.stderr


def test_check_reads_the_hub_options_of_mkdocs_yml(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", hide=["toc"]))
    hub.load(plugins=[{"hub": {"extra_fields": ["hide"]}}])
    assert run(hub, "check").returncode == 0
    config = yaml.safe_load((hub.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"hub": {"languages": "en"}}]
    (hub.root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run(hub, "check")
    assert result.returncode == 2 and "plugins.hub.languages" in result.stderr


# --- report --------------------------------------------------------------------------------------

def test_report_json(hub: Hub) -> None:
    hub.write("en/articles/a.md", article("A", audience=["students"], topics=["recruitment", "social-media"],
                                          translation_key="a", date="2024-05-01"))
    hub.write("tr/articles/a.md", article("A tr", audience=["students"], topics=["recruitment"],
                                          translation_key="a", date="2022-01-01", updated="2024-01-01"))
    hub.write("en/articles/b.md", article("B", audience=["employees"], topics=["recruitment"],
                                          translation_key="b",
                                          date="2020-01-01"))
    hub.write("tr/articles/c.md", article("C", audience=["hr-community"], topics=["social-media"],
                                          series="ik-icin-sosyal-medya", series_part=2, date="2024-02-01"))
    result = run(hub, "report", "--format", "json", "--stale-days", "180")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == "2024-06-01" and data["stale_days"] == 180
    assert data["articles"] == {"en": 2, "tr": 2}
    assert data["matrix"]["en"]["students"] == {"recruitment": 1, "talent-development": 0,
                                                "career-management": 0, "employer-brand": 0,
                                                "social-media": 1}
    assert data["matrix"]["tr"]["hr-community"]["social-media"] == 1
    assert len(data["empty_cells"]) == 2 * 20 - 3 - 2
    assert {"lang": "tr", "audience": "students", "topic": "talent-development"} in data["empty_cells"]
    assert data["translation_gaps"] == [{"key": "b", "missing": ["tr"], "present": [
        {"path": "content/en/articles/b.md", "lang": "en", "title": "B", "url": "en/articles/b/"}]}]
    assert [u["path"] for u in data["untranslated"]] == ["content/tr/articles/c.md"]
    assert data["series_gaps"] == [
        {"series": "ik-icin-sosyal-medya", "lang": "en", "total": 4, "written": [], "missing": [1, 2, 3, 4]},
        {"series": "ik-icin-sosyal-medya", "lang": "tr", "total": 4, "written": [2], "missing": [1, 3, 4]}]
    assert [(s["path"], s["modified"], s["age_days"]) for s in data["stale"]] == [
        ("content/en/articles/b.md", "2020-01-01", 1613)]  # tr/a.md was updated 152 days ago: not stale
    assert {"kind": "audiences", "key": "professionals", "lang": "tr"} in data["empty_listings"]
    assert {"kind": "topics", "key": "talent-development", "lang": "en"} in data["empty_listings"]
    assert {"kind": "series", "key": "ik-icin-sosyal-medya", "lang": "en"} in data["empty_listings"]
    assert {"kind": "topics", "key": "recruitment", "lang": "en"} not in data["empty_listings"]


def test_report_stale_days_defaults_to_mkdocs_yml(hub: Hub) -> None:
    hub.write("en/articles/b.md", article("B", date="2024-03-01"))
    hub.load(plugins=[{"hub": {"report": {"stale_days": 30}}}])
    data = json.loads(run(hub, "report", "--format", "json").stdout)
    assert data["stale_days"] == 30
    assert [s["age_days"] for s in data["stale"]] == [92]
    assert json.loads(run(hub, "report", "--format", "json", "--stale-days", "100").stdout)["stale"] == []


def test_report_text_table_without_colour_when_piped(hub: Hub) -> None:
    hub.write("tr/articles/a.md", article("A", audience=["students"], topics=["recruitment"]))
    result = run(hub, "report")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    start = lines.index("tr: 1 article — audience × topic")
    header, students = lines[start + 1], lines[start + 2]
    assert header.split() == ["audience", "\\", "topic", "recruitment", "talent-development",
                              "career-management", "employer-brand", "social-media", "total"]
    assert students.split() == ["students", "1", "·", "·", "·", "·", "1"]
    assert "19 of 20 cells empty (·) in tr" in lines


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_report_colour_only_on_a_terminal(hub: Hub, no_color: str | None, coloured: bool) -> None:
    hub.write("tr/articles/a.md", article("A"))
    hub.load()
    primary, secondary = pty.openpty()
    env = {"PATH": "/usr/bin:/bin", "HUB_TODAY": TODAY}
    if no_color:
        env["NO_COLOR"] = no_color
    result = subprocess.run([sys.executable, "-m", "hub_plugins", "report"], cwd=hub.root, env=env,
                            stdout=secondary, stderr=subprocess.PIPE, timeout=60)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    output = b"".join(chunks).decode("utf-8")
    assert result.returncode == 0
    assert "Coverage report — 2024-06-01" in output
    assert ("\x1b[1mCoverage report" in output) is coloured
    assert ("\x1b[" in output) is coloured


def test_report_text_for_one_language(hub: Hub) -> None:
    hub.write("tr/articles/a.md", article("A", audience=["students"], topics=["recruitment"]))
    hub.write("en/articles/b.md", article("B", audience=["employees"], topics=["social-media"]))
    result = run(hub, "report", "--lang", "tr", "--limit", "0")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if "— audience × topic" in line] == ["tr: 1 article — audience × topic"]
    assert "tr  audiences: employees" in [line.strip() for line in lines]
    assert not [line for line in lines if line.strip().startswith("en ")]
    assert [line.strip() for line in lines if line.strip().endswith(".md")] == ["content/tr/articles/a.md"]
    wrong = run(hub, "report", "--lang", "de")
    assert wrong.returncode == 2 and "--lang: unknown language 'de'" in wrong.stderr


def test_report_counts_drafts_only_when_asked(hub: Hub) -> None:
    hub.write("tr/articles/a.md", article("A", draft=True))
    assert json.loads(run(hub, "report", "--format", "json").stdout)["articles"] == {"en": 0, "tr": 0}
    data = json.loads(run(hub, "report", "--format", "json", "--drafts").stdout)
    assert data["articles"] == {"en": 0, "tr": 1}
    assert [d["path"] for d in data["drafts"]] == ["content/tr/articles/a.md"]


def test_report_on_broken_content_and_bad_clock(hub: Hub) -> None:
    hub.write("tr/articles/x.md", article("X", audience=["studens"]))
    broken = run(hub, "report")
    assert broken.returncode == 1 and "audience: unknown value 'studens'" in broken.stdout
    hub.write("tr/articles/x.md", article("X"))
    clock = run(hub, "report", hub_today="yesterday")
    assert clock.returncode == 2 and "HUB_TODAY='yesterday' is not a day in YYYY-MM-DD form" in clock.stderr


# --- the command line itself -------------------------------------------------------------------

@pytest.mark.parametrize("command", ["new", "check", "report"])
def test_every_command_has_help_with_exit_codes(hub: Hub, command: str) -> None:
    result = run(hub, command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: hub {command}")
    assert "exit codes:" in result.stdout and "--root DIR" in result.stdout


def test_usage_errors_exit_2(hub: Hub) -> None:
    assert run(hub).returncode == 2
    assert run(hub, "publish").returncode == 2
    assert run(hub, "check", "--format", "xml").returncode == 2
    missing_title = run(hub, "new")
    assert missing_title.returncode == 2 and "--title" in missing_title.stderr


def test_console_script_is_installed(hub: Hub) -> None:
    script = Path(sys.executable).parent / "hub"
    assert script.is_file()
    hub.load()
    result = subprocess.run([str(script), "check"], cwd=hub.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No problems: 0 articles")


@pytest.mark.slow
def test_check_is_fast_on_2000_articles(hub: Hub) -> None:
    subprocess.run([sys.executable, str(MAKE_CORPUS), "--out", str(hub.docs), "--per-lang", "1000"], check=True,
                   capture_output=True)
    taxonomy = hub.taxonomy()
    authors = yaml.safe_load((hub.docs / "authors.yml").read_text(encoding="utf-8"))["authors"]
    taxonomy["authors"].update(authors)
    (hub.docs / "authors.yml").unlink()
    hub.set_taxonomy(taxonomy)
    hub.load()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run(hub, "check")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("No problems: 2000 articles (en: 1000, tr: 1000")
    # CPU time of the whole command (start-up included): wall time depends on what else the machine runs.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 1.5, f"hub check used {cpu:.2f} s of CPU for 2,000 articles"
