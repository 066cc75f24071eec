"""Packaging: pyproject.toml and the two locks agree, and `pip install .` alone builds the shipped site.

The install test is what a user of the plugin does, offline: a fresh venv (none of the dev venv's
packages), `pip install --no-index --find-links .cache/wheelhouse <copy of the repository>` from the
wheels of requirements.lock (`./run test` downloads them once per lock change), then that venv's
`mkdocs build --strict` on a copy of the shipped project (mkdocs.yml, content/, overrides/).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, Site
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from sample_project import copy_project

WHEELHOUSE = REPO / ".cache" / "wheelhouse"
# A proxy on a closed port: any HTTP client that honours proxies (pip does) fails instead of going out.
CLOSED = "http://127.0.0.1:9"
OFFLINE = {"HTTP_PROXY": CLOSED, "HTTPS_PROXY": CLOSED, "ALL_PROXY": CLOSED, "NO_PROXY": "",
           "http_proxy": CLOSED, "https_proxy": CLOSED, "all_proxy": CLOSED, "no_proxy": ""}


def read_lock(name: str) -> dict[str, str]:
    """A lock file's pins: canonical package name → exact version."""
    pins = {}
    for line in (REPO / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{name}: {line!r} is not an exact pin"
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_build_lock_satisfies_the_dependencies_and_holds_nothing_for_tests() -> None:
    build, tests = read_lock("requirements.lock"), read_lock("requirements-test.lock")
    dependencies = [Requirement(text) for text in project()["dependencies"]]
    assert "pagefind-bin" in {canonicalize_name(r.name) for r in dependencies}  # the shipped mkdocs.yml searches
    unmet = [str(r) for r in dependencies if build.get(canonicalize_name(r.name)) not in r.specifier]
    assert unmet == [], "requirements.lock does not satisfy pyproject.toml's dependencies"
    assert build.keys() & tests.keys() == set(), "a package pinned in both locks"
    extra = [Requirement(text) for text in project()["optional-dependencies"]["test"]]
    assert {canonicalize_name(r.name) for r in extra} <= tests.keys()
    unmet = [str(r) for r in extra if tests[canonicalize_name(r.name)] not in r.specifier]
    assert unmet == [], "requirements-test.lock does not satisfy the `test` extra"
    # setuptools builds the package (`pip install .` offline, the editable install of ./run).
    build_backend = Requirement(tomllib.loads((REPO / "pyproject.toml").read_text())["build-system"]["requires"][0])
    assert build.get(canonicalize_name(build_backend.name)) in build_backend.specifier


def test_the_test_lock_holds_everything_the_tests_import() -> None:
    imported = set()
    for path in (REPO / "tests").rglob("*.py"):
        imported.update(re.findall(r"^(?:from|import) ([A-Za-z_]\w*)", path.read_text(encoding="utf-8"), re.M))
    # Import names of the test-only packages (a distribution's import name is not always its name).
    test_modules = {"pytest": "pytest", "lxml": "lxml", "feedparser": "feedparser", "fontTools": "fonttools",
                    "playwright": "playwright", "axe_playwright_python": "axe-playwright-python"}
    local = {path.stem for path in (REPO / "tests").rglob("*.py")} | {"hub_plugins"}
    third_party = imported - set(sys.stdlib_module_names) - local
    build = read_lock("requirements.lock")
    build_modules = {"mkdocs", "yaml", "PIL", "jinja2", "markupsafe", "babel", "material", "packaging",
                     "pagefind_bin", "markdown"}
    assert third_party - test_modules.keys() - build_modules == set(), "a test imports a package no lock pins"
    assert {name for name in test_modules.values()} <= read_lock("requirements-test.lock").keys()
    assert {"mkdocs", "pyyaml", "pillow", "jinja2", "markupsafe", "babel", "mkdocs-material", "packaging",
            "pagefind-bin", "markdown"} <= build.keys()


def wheelhouse_gaps() -> list[str]:
    """Pins of requirements.lock with no wheel in the wheelhouse."""
    wheels = {(canonicalize_name(w.name.split("-")[0]), w.name.split("-")[1]) for w in WHEELHOUSE.glob("*.whl")}
    return [f"{name}=={version}" for name, version in read_lock("requirements.lock").items()
            if (name, version) not in wheels]


def run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
def test_pip_install_offline_into_a_fresh_venv_builds_the_shipped_site(tmp_path: Path) -> None:
    gaps = wheelhouse_gaps()
    assert gaps == [], f"{WHEELHOUSE} lacks wheels of requirements.lock — `./run test` downloads them"
    # No pip configuration, index or cache of this machine: only the wheelhouse.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(OFFLINE, PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000", SITE_URL="https://careers.example.com/")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], tmp_path, env)
    python = venv / "bin" / "python"
    # The fresh venv sees none of the dev venv's packages.
    isolated = subprocess.run([python, "-c", "import mkdocs"], capture_output=True, env=env, check=False)
    assert isolated.returncode != 0

    source = copy_project(tmp_path / "source", extra_articles=False)
    run([python, "-m", "pip", "install", "--no-index", "--find-links", WHEELHOUSE, source], tmp_path, env)
    run([python, "-m", "pip", "check"], tmp_path, env)
    installed = {canonicalize_name(line.split("==")[0]): line.split("==")[1]
                 for line in run([python, "-m", "pip", "freeze", "--exclude", "career-hub"], tmp_path, env)
                 .stdout.splitlines() if "==" in line}
    build_lock = read_lock("requirements.lock")
    assert {name: version for name, version in installed.items() if name != "setuptools"} == {
        name: version for name, version in build_lock.items() if name != "setuptools"}
    assert "pytest" not in installed and "playwright" not in installed

    # The shipped project alone: the plugin comes from the venv, not from a hub_plugins/ folder beside it.
    site_project = tmp_path / "site-project"
    site_project.mkdir()
    for part in ("content", "overrides"):
        shutil.copytree(REPO / part, site_project / part)
    shutil.copy(REPO / "mkdocs.yml", site_project / "mkdocs.yml")
    where = run([python, "-c", "import hub_plugins; print(hub_plugins.__file__)"], site_project, env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    result = run([venv / "bin" / "mkdocs", "build", "--strict"], site_project, env)
    assert "WARNING" not in result.stderr

    site = Site(site_project, site_project / "site")
    en, tr = site.html("en/articles/why-social-media-matters-for-hr/"), site.html("tr/")
    assert en.get("lang") == "en" and tr.get("lang") == "tr"
    assert en.xpath("string(//article//h1)") == "Why is social media important for Human Resources?"
    card = en.xpath("//meta[@property='og:image']/@content")[0]
    assert site.path(card.removeprefix("https://careers.example.com/")).read_bytes().startswith(b"\x89PNG")
    for lang in ("en", "tr"):
        assert site.exists(f"pagefind/{lang}/pagefind.js")  # the pagefind_bin wheel's binary ran
        feed = feedparser.parse(site.path(f"{lang}/feed.xml").read_bytes())
        assert not feed.bozo and feed.feed.language == lang and len(feed.entries) == 1
    assert site.exists("sitemap.xml") and site.exists("index.html")
