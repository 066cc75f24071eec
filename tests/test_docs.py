"""Every example in docs/ and README.md is true: each fenced block carries a `<!-- hub:KIND ... -->` marker
saying how it is checked, and this module checks it against the real loader, CLI and MkDocs config.
Names the docs give for the plugin's options and template variables are checked against the code too.

Markers (an HTML comment on the line before the fence, invisible when the docs are rendered):

- `hub:article path=content/<lang>/articles/<slug>.md [with=content/…]` — a whole article that must validate
  (`with=`: files of the repository's own content it links to, copied into the project first).
- `hub:fields lang=tr [files=images/x.jpg]` — front-matter lines that, added to a valid article, validate
  (`files=`: files next to the article; a picture where the extension names a format Pillow writes).
- `hub:file path=…` — a file the next article/error/command example needs (e.g. the other half of a pair).
- `hub:error path=… [encoding=iso-8859-9] [files=…] [with=…]` — a bad file; the next block, marked
  `hub:messages`, holds exactly the problems `hub check` and the build report for it (one per line).
- `hub:command` — a `console` session: `$ ./run new …` / `$ hub check` lines run through
  `python -m hub_plugins` in a fresh project; lines after a command are its output (`…` at the end of a
  line matches any rest). `./run build|serve|test` lines must be commands the `run` script knows.
- `hub:mkdocs` — a piece of mkdocs.yml that MkDocs must accept; the `hub` plugin's options in it must be
  real `HubConfig` options (an unknown one is only a warning to MkDocs: here it fails).
- `hub:taxonomy [path=content/taxonomy.yml files=authors/x.jpg]` — sections to add to taxonomy.yml; the result
  must load without a problem (`files=`: pictures it names, relative to the folder of `path`).
- `hub:workflow` — a CI workflow: valid YAML whose `run:` lines use real `./run` and `hub` commands.
- `hub:pre-commit` — a `.pre-commit-config.yaml`: every hook id it uses is in `.pre-commit-hooks.yaml`.
- `hub:text` — not an example (a folder tree, a URL list): only allowed on `text` fences.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Hub
from mkdocs.utils.yaml import get_yaml_loader
from PIL import Image

from hub_plugins.cli import build_parser
from hub_plugins.config import HubConfig
from hub_plugins.errors import ContentError
from hub_plugins.loader import Source, load_hub
from hub_plugins.project import load_project
from hub_plugins.validate import validate

DOCS = REPO / "docs"
# The documents whose examples are checked: the maintainers' and writers' docs, and the README.
DOC_FILES = [*sorted(DOCS.glob("*.md")), REPO / "README.md"] if DOCS.is_dir() else [REPO / "README.md"]
REQUIRED_DOCS = ("writers-guide.en.md", "writers-guide.tr.md", "front-matter.md", "architecture.md",
                 "publishing.md")
FENCE = re.compile(r"^(`{3,})([\w-]*)[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!--\s*hub:([\w-]+)([^>]*?)-->\s*\Z")
BASE_FIELDS = {"title": '"Örnek yazı"', "description": '"Bir örnek."', "date": "2024-03-01",
               "audience": "[students]", "topics": "[recruitment]"}
TODAY = "2024-06-01"  # HUB_TODAY, so that dates in examples do not depend on the day the tests run


@dataclass
class Block:
    """One fenced block of a doc and the marker before it."""

    doc: str
    line: int
    kind: str
    attrs: dict[str, str]
    lang: str
    body: str


@dataclass
class Case:
    """One checkable example: a block, the files it needs, and (for errors) the expected messages."""

    block: Block
    files: dict[str, Block] = field(default_factory=dict)
    expected: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.block.doc}:{self.block.line}:{self.block.kind}"


def blocks(doc: Path) -> list[Block]:
    """Every fenced block of `doc` with its marker (kind 'unmarked' when there is none)."""
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n")
        marker = MARKER.search(before)
        kind, attrs = ("unmarked", {}) if marker is None else (
            marker.group(1), dict(item.split("=", 1) for item in shlex.split(marker.group(2))))
        found.append(Block(doc.name, text.count("\n", 0, match.start()) + 1, kind, attrs, match.group(2),
                           match.group(3)))
    return found


def cases() -> Iterator[Case]:
    """The checkable examples of all docs, in order, with the files each one needs."""
    for doc in DOC_FILES:
        pending: dict[str, Block] = {}
        items = blocks(doc)
        for index, block in enumerate(items):
            if block.kind == "file":
                pending[block.attrs["path"]] = block
            elif block.kind in ("article", "fields", "command", "mkdocs", "taxonomy", "workflow", "pre-commit"):
                yield Case(block, pending)
                pending = {}
            elif block.kind == "error":
                following = items[index + 1] if index + 1 < len(items) else None
                expected = following.body.splitlines() if following and following.kind == "messages" else []
                yield Case(block, pending, expected)
                pending = {}


ALL_CASES = list(cases()) if DOCS.is_dir() else []


SHIPPED_VALIDATION = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                               Loader=get_yaml_loader())["validation"]
PICTURES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP", ".bmp": "BMP"}


def make_project(tmp_path: Path, files: dict[str, Block], block: Block) -> Hub:
    """A fresh hub project with the repository's taxonomy and link rules, the needed files and a mkdocs.yml."""
    hub = Hub(tmp_path / "project")
    for path, needed in files.items():
        write(hub, path, needed.body + "\n")
    for path in filter(None, block.attrs.get("with", "").split(",")):
        write(hub, path, (REPO / path).read_text(encoding="utf-8"))
    folder = Path(block.attrs.get("path", f"content/{block.attrs.get('lang', 'en')}/articles/x.md")).parent
    for extra in filter(None, block.attrs.get("files", "").split(",")):
        target = hub.root / folder / extra
        target.parent.mkdir(parents=True, exist_ok=True)
        if (kind := PICTURES.get(target.suffix.lower())) is not None:
            Image.new("RGB", (120, 63), (40, 80, 120)).save(target, format=kind)
        else:
            target.write_text("placeholder", encoding="utf-8")  # not a picture, whatever its name says
    hub.load(validation=SHIPPED_VALIDATION)
    return hub


def write(hub: Hub, path: str, text: str, encoding: str = "utf-8") -> None:
    """Write a file given by its project path (content/…)."""
    target = hub.root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(encoding))


def problems(hub: Hub) -> list[str]:
    """The problems `hub check` and the build report for the project, as printed; [] when all is valid."""
    project = load_project(hub.root)
    try:
        validate(project.source, project.options, project.rules)
    except ContentError as error:
        return [str(p) for p in error.problems]
    return []


def test_every_required_doc_exists_and_every_block_is_checked() -> None:
    for name in REQUIRED_DOCS:
        assert (DOCS / name).is_file(), f"docs/{name} is missing"
    unmarked = [f"{b.doc}:{b.line}" for doc in DOC_FILES for b in blocks(doc)
                if b.kind == "unmarked" or (b.kind == "text" and b.lang != "text")]
    assert unmarked == [], "every example needs a hub: marker (see tests/test_docs.py)"
    orphans = [f"{c.id}" for c in ALL_CASES if c.block.kind == "error" and not c.expected]
    assert orphans == [], "every hub:error block is followed by a hub:messages block"


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_each_writers_guide_has_every_kind_of_example(lang: str) -> None:
    kinds = [c.block.kind for c in ALL_CASES if c.block.doc == f"writers-guide.{lang}.md"]
    assert kinds.count("error") >= 15  # the error catalogue
    assert kinds.count("fields") >= 8  # every front-matter field
    assert kinds.count("article") >= 2 and kinds.count("command") >= 3


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_doc_example(case: Case, tmp_path: Path) -> None:
    block = case.block
    hub = make_project(tmp_path, case.files, block)
    if block.kind == "article":
        write(hub, block.attrs["path"], block.body + "\n")
        assert problems(hub) == []
    elif block.kind == "fields":
        lang = block.attrs.get("lang", "en")
        given = yaml.safe_load(block.body) or {}
        lines = [f"{k}: {v}" for k, v in BASE_FIELDS.items() if k not in given]
        write(hub, f"content/{lang}/articles/example.md", "---\n" + "\n".join(lines) + "\n" + block.body
              + "\n---\n\nText.\n")
        assert problems(hub) == []
    elif block.kind == "error":
        write(hub, block.attrs["path"], block.body + "\n", block.attrs.get("encoding", "utf-8"))
        assert problems(hub) == case.expected
    elif block.kind == "command":
        run_session(hub, block)
    elif block.kind == "taxonomy":
        added = yaml.safe_load(block.body)
        taxonomy = hub.taxonomy()
        for section, entries in added.items():
            taxonomy.setdefault(section, {}).update(entries)
        hub.set_taxonomy(taxonomy)
        model = load_hub(Source(hub.docs, hub.root, ("en", "tr")))
        for section, entries in added.items():
            assert set(entries) <= set(getattr(model.taxonomy, section))
    elif block.kind == "workflow":
        check_workflow(yaml.safe_load(block.body))
    elif block.kind == "pre-commit":
        check_pre_commit_config(yaml.safe_load(block.body))
    elif block.kind == "mkdocs":
        data = yaml.load(block.body, Loader=get_yaml_loader())  # MkDocs' own loader: it knows !ENV
        hub.load(**data)
        for options in hub_options(data):
            assert hub_config_problems(options) == [], "not HubConfig options"


def hub_options(mkdocs_yml: dict) -> list[dict]:
    """The `hub` plugin's options in a piece of mkdocs.yml ({} where it is listed bare)."""
    found = []
    for entry in mkdocs_yml.get("plugins") or []:
        if entry == "hub":
            found.append({})
        elif isinstance(entry, dict) and "hub" in entry:
            found.append(entry["hub"] or {})
    return found


def hub_config_problems(options: dict) -> list[str]:
    """What HubConfig says about these options: errors and warnings (an unknown option is a warning)."""
    config = HubConfig()
    config.load_dict(options)
    failed, warnings = config.validate()
    return [f"{name}: {message}" for name, message in [*failed, *warnings]]


def test_hub_config_problems_catches_an_unknown_option() -> None:
    assert hub_config_problems({"feeds": {"lenght": 5}}) != []
    assert hub_config_problems({"site_url_required": False}) != []
    assert hub_config_problems({"feeds": {"length": 5}}) == []


def test_the_architecture_guide_shows_every_option_with_its_default() -> None:
    examples = [hub_options(yaml.load(c.block.body, Loader=get_yaml_loader())) for c in ALL_CASES
                if c.block.doc == "architecture.md" and c.block.kind == "mkdocs"]
    shown = [options for found in examples for options in found if "languages" in options]
    assert len(shown) == 1, "docs/architecture.md shows the defaults in one hub:mkdocs block"
    defaults = HubConfig()
    defaults.load_dict({})
    defaults.validate()
    for name, value in shown[0].items():
        default = defaults[name]
        if isinstance(value, dict):  # a section: the options it shows, with their defaults
            assert value == {key: default[key] for key in value}, name
        else:
            assert value == default, name
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    unnamed = [name for name, _ in HubConfig._schema if not re.search(rf"(^|\s|`){name}:", text, re.MULTILINE)]
    assert unnamed == [], "HubConfig options docs/architecture.md does not name"


def names_the_plugin_sets() -> tuple[set[str], set[str]]:
    """hub_* names the plugin gives templates (context and globals), and the page meta keys it uses."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "hub_plugins").glob("*.py"))
    template = set(re.findall(r"(?:context|globals)\[\s*\"(hub_\w+)\"\s*\]", code))
    meta = set(re.findall(r"meta(?:\[|\.get\(|\.setdefault\()\s*\"(hub_\w+)\"", code))
    return template, meta


def test_the_hub_names_in_the_docs_are_the_ones_the_plugin_uses() -> None:
    template, meta = names_the_plugin_sets()
    assert {"hub_article", "hub_lang", "hub_search", "hub_strings"} <= template  # the patterns still match the code
    assert "hub_noindex" in meta
    for doc in DOC_FILES:
        text = doc.read_text(encoding="utf-8")
        named = set(re.findall(r"\bhub_\w+", " ".join(re.findall(r"`[^`\n]+`", text))))
        named -= {"hub_plugins"}  # the package
        unknown = named - template - meta
        assert unknown == set(), f"{doc.name} names hub_* variables the plugin does not set"
    architecture = (DOCS / "architecture.md").read_text(encoding="utf-8")
    undocumented = {name for name in template if f"`{name}" not in architecture}
    assert undocumented == set(), "template variables missing from docs/architecture.md"


def check_workflow(workflow: dict) -> None:
    """Every `run:` line of a workflow that calls the hub uses a real command with valid arguments."""
    run_commands = run_script_commands()
    lines = [line.strip() for job in workflow["jobs"].values() for step in job["steps"]
             for line in str(step.get("run", "")).splitlines() if line.strip()]
    hub_lines = [shlex.split(line) for line in lines if line.startswith(("./run ", "hub "))]
    assert hub_lines, "the workflow example should run the hub's commands"
    for words in hub_lines:
        shell = next((i for i, word in enumerate(words) if word in (">", "|", "&&", ";")), len(words))
        argv = words[:shell]  # the command itself, without the shell's redirection
        if argv[0] == "./run":
            assert argv[1] in run_commands, f"./run has no command {argv[1]!r}"
        if argv[0] == "hub" or argv[1] in ("new", "check", "report"):
            build_parser().parse_args(argv[1:])  # exits (fails the test) on a bad option


def check_pre_commit_config(config: dict) -> None:
    """A content repository's pre-commit config uses only hooks that this repository defines."""
    defined = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    used = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert used and set(used) <= defined, f"hooks {used} not all in .pre-commit-hooks.yaml ({defined})"
    assert all(repo["repo"].startswith("https://") and str(repo["rev"]) for repo in config["repos"])


def run_script_commands() -> set[str]:
    """The commands the `run` script accepts (its `case` labels)."""
    known = re.findall(r"^  ([\w|]+)\)", (REPO / "run").read_text(encoding="utf-8"), re.MULTILINE)
    return {name for group in known for name in group.split("|")}


def run_session(hub: Hub, block: Block) -> None:
    """Run each `$ …` line of a console example and compare its output with the lines after it."""
    run_commands = run_script_commands()
    session: list[tuple[list[str], list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            session.append((shlex.split(line[2:]), []))
        elif session:
            session[-1][1].append(line)
    assert session, "a hub:command example needs at least one '$ ' line"
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HUB_TODAY": TODAY}
    for argv, expected in session:
        if argv[0] == "./run" and argv[1] not in ("new", "check", "report"):
            assert argv[1] in run_commands, f"./run has no command {argv[1]!r}"
            continue
        assert argv[0] in ("./run", "hub"), f"unknown command {argv[0]!r}"
        result = subprocess.run([sys.executable, "-m", "hub_plugins", *argv[1:]], cwd=hub.root, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=60)
        actual = (result.stdout + result.stderr).splitlines()
        if not expected:  # the example shows the command only
            assert result.returncode == 0, result.stdout + result.stderr
            continue
        assert len(actual) == len(expected), "\n".join(actual)
        for want, got in zip(expected, actual, strict=True):
            assert got.startswith(want[:-1]) if want.endswith("…") else got == want, f"{got!r} != {want!r}"


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda path: path.name)
def test_links_between_docs_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    prose = re.sub(r"`[^`\n]+`", "", FENCE.sub("", text))  # code is not a link
    links = re.findall(r"\]\(([^)\s]+)\)", prose)
    assert links, "a doc without a single link is unexpected"
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        target, _, anchor = link.partition("#")
        target_path = (doc.parent / target) if target else doc
        assert target_path.is_file(), f"{doc.name}: link to missing {target}"
        if anchor:
            headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", target_path.read_text(encoding="utf-8")),
                                  re.MULTILINE)
            assert anchor in {github_anchor(h) for h in headings}, f"{doc.name}: no heading for #{anchor}"
