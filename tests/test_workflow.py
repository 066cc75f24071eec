"""The GitHub Pages workflow (.github/workflows/pages.yml), parsed: what it runs, when, with which "today"
and which caches — and the pre-commit hook a content repository can use."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import REPO
from test_docs import check_workflow

from hub_plugins.cli import build_parser
from hub_plugins.project import load_project

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
ISTANBUL = ZoneInfo("Europe/Istanbul")


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return workflow["jobs"]["build"]["steps"]


def step(workflow: dict, name_part: str) -> dict:
    """The one step whose name contains `name_part`."""
    found = [s for s in steps(workflow) if name_part in s.get("name", "")]
    assert len(found) == 1, [s.get("name") for s in steps(workflow)]
    return found[0]


def test_it_publishes_on_push_and_every_day_just_after_midnight_in_istanbul(workflow: dict) -> None:
    triggers = workflow["on"]
    assert triggers["push"] == {"branches": ["main"]}
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*")  # every day
    # GitHub reads cron in UTC; Istanbul is UTC+3 all year (no daylight saving since 2016).
    utc = dt.datetime(2026, 7, 1, int(hour), int(minute), tzinfo=dt.UTC)
    winter = dt.datetime(2026, 1, 1, int(hour), int(minute), tzinfo=dt.UTC)
    for moment in (utc, winter):
        local = moment.astimezone(ISTANBUL)
        assert local.hour == 0 and local.minute <= 30, local  # shortly after midnight, both seasons


def test_the_build_gets_hub_today_as_the_day_in_istanbul(workflow: dict) -> None:
    today = step(workflow, "Today in Istanbul")
    assert today["id"] == "today"
    command = re.fullmatch(r'echo "day=\$\((.+)\)" >> "\$GITHUB_OUTPUT"', today["run"].strip())
    assert command, today["run"]
    # Run the step's own command: it prints the day in Istanbul as HUB_TODAY wants it (YYYY-MM-DD).
    before = dt.datetime.now(ISTANBUL).date()
    printed = subprocess.run(["sh", "-c", command.group(1)], capture_output=True, text=True, check=True).stdout
    after = dt.datetime.now(ISTANBUL).date()
    assert printed.strip() in {before.isoformat(), after.isoformat()}
    build = step(workflow, "Build (strict")
    assert build["env"]["HUB_TODAY"] == "${{ steps.today.outputs.day }}"
    names = [s.get("name", s.get("uses")) for s in steps(workflow)]
    assert names.index(today["name"]) < names.index(build["name"])
    # The build runs twice and compares: both builds see the one HUB_TODAY of the step's env.
    assert build["run"].count("./run build") == 2 and "diff -r site" in build["run"]
    packages = step(workflow, "Packages needed before checkout")["run"]
    assert "tzdata" in packages.split()  # `TZ=Europe/Istanbul date` needs the zone files in the container


def test_the_daily_run_skips_the_tests_of_an_already_tested_commit(workflow: dict) -> None:
    tests = step(workflow, "Test (the README's command")
    assert tests["run"] == "./run test"
    assert tests["if"] == "github.event_name != 'schedule'"
    assert "if" not in step(workflow, "Build (strict")


@pytest.mark.parametrize(("path", "prefix"), [(".cache/hub-cards", "hub-cards-"),
                                              (".cache/hub-images", "hub-images-")])
def test_card_and_image_caches_are_restored_and_saved(workflow: dict, path: str, prefix: str) -> None:
    caches = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/cache@")
              and s["with"]["path"] == path]
    assert len(caches) == 1
    cache = caches[0]["with"]
    # Saved under a key that changes when the content (or the code that draws) changes ...
    key = cache["key"]
    assert key.startswith(prefix)
    hashed = re.fullmatch(re.escape(prefix) + r"\$\{\{ hashFiles\((.+)\) \}\}", key)
    assert hashed, key
    patterns = [p.strip().strip("'") for p in hashed.group(1).split(",")]
    assert "content/**" in patterns and "mkdocs.yml" in patterns
    # ... and restored from the newest earlier cache by prefix when the key is new.
    assert cache["restore-keys"].split() == [prefix]
    names = [s.get("name", s.get("uses")) for s in steps(workflow)]
    assert names.index(caches[0]["name"]) < names.index(step(workflow, "Build (strict")["name"])


def test_the_cards_cache_is_where_the_build_keeps_its_cards() -> None:
    options = load_project(REPO).options  # mkdocs.yml's hub options, checked as the build checks them
    assert options.cards.cache_dir == ".cache/hub-cards"


def test_the_workflow_runs_real_commands(workflow: dict) -> None:
    check_workflow(workflow)


def test_the_pre_commit_hook_runs_hub_check_on_content_changes() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["hub-check"]
    hook = hooks[0]
    assert (hook["language"], hook["entry"]) == ("python", "hub check")
    assert hook["pass_filenames"] is False and hook["always_run"] is False
    # The entry is the console script this package installs, with arguments the CLI accepts.
    scripts = re.search(r"\[project\.scripts\]\n((?:\w+ = .+\n)+)", (REPO / "pyproject.toml").read_text("utf-8"))
    assert scripts and "hub = \"hub_plugins.cli:main\"" in scripts.group(1)
    assert build_parser().parse_args(hook["entry"].split()[1:]).command == "check"
    # pre-commit matches `files` with re.search against each staged path.
    files = re.compile(hook["files"])
    for path in ("content/taxonomy.yml", "content/en/articles/x.md", "content/tr/articles/2024/y.md",
                 "content/tr/articles/images/z.jpg", "mkdocs.yml", "site-content/taxonomy.yml"):
        assert files.search(path), path
    for path in ("README.md", "docs/writers-guide.en.md", "hub_plugins/cli.py", "overrides/main.html",
                 "my-content/x.md", "taxonomy.yml.bak"):
        assert not files.search(path), path
