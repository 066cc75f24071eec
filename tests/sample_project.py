"""The repository's project copied elsewhere, plus test articles: what the browser and
reproducibility tests build (a real `mkdocs build` in a subprocess, as CI runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, article

# What a copy of the project leaves out: local state, never part of a commit's tree.
NOT_PROJECT = shutil.ignore_patterns(".git", ".venv", "site", ".site.*", "test-artifacts", "__pycache__",
                                     "*.egg-info", ".pytest_cache", ".ruff_cache", ".cache", "build", "corpora",
                                     "node_modules")

# A translation pair (the article the browser tests visit) and parts 1 and 3 of the seed series
# (part 2 is the Turkish seed article).
PAIR = {"en": "en/articles/graduate-programme/", "tr": "tr/articles/yeni-mezun-programi/"}
TURKISH_QUERY = ("mülakatları", PAIR["tr"])  # the article only says "Mülakatlarda": found by stem
EXTRA_ARTICLES = {
    "en/articles/graduate-programme.md": article(
        "Inside our graduate programme", date="2024-05-02", audience=["students"],
        topics=["talent-development", "social-media"], author="editorial-team",
        translation_key="graduate-programme",
        description="Eighteen months, three rotations and a mentor: how new graduates start with us.",
        body="## Three rotations\n\nEach graduate works in three teams, six months each.\n\n"
             "## Interviews\n\nOur interviews are conversations about what you want to learn.\n"),
    "tr/articles/yeni-mezun-programi.md": article(
        "Yeni mezun programımızın içinden", date="2024-05-02", audience=["students"],
        topics=["talent-development", "social-media"], author="editorial-team",
        translation_key="graduate-programme",
        description="On sekiz ay, üç rotasyon ve bir mentor: yeni mezunlar bizde nasıl başlıyor?",
        body="## Üç rotasyon\n\nHer yeni mezun altışar ay boyunca üç ekipte çalışır.\n\n"
             "## Görüşmeler\n\nMülakatlarda öğrenmek istediklerinizi konuşuyoruz; ışıl ışıl bir "
             "çalışma ortamı ve güçlü bir öğrenme kültürü sizi bekliyor.\n"),
    "tr/articles/12-adimda-ikcilar-icin-sosyal-medya-1.md": article(
        "12 Adımda İK’cılar İçin Sosyal Medya (1)", date="2013-01-30", audience=["hr-community"],
        topics=["social-media"], series="ik-icin-sosyal-medya", series_part=1,
        description="Serinin ilk bölümü: dinlemek ve hedef kitleyi tanımak.",
        body="## 1. Dinlemek\n\nÖnce dinleyin.\n\n## 2. Hedef kitle\n\nKime seslendiğinizi bilin.\n"),
    "tr/articles/12-adimda-ikcilar-icin-sosyal-medya-3.md": article(
        "12 Adımda İK’cılar İçin Sosyal Medya (3)", date="2013-02-20", audience=["hr-community"],
        topics=["social-media"], series="ik-icin-sosyal-medya", series_part=3,
        description="Serinin üçüncü bölümü: içerik, etkileşim ve ölçüm.",
        body="## 7. İçerik\n\nİçerik her şeydir.\n"),
}


def copy_project(dest: Path, extra_articles: bool = True) -> Path:
    """Copy the repository's project (as a commit holds it) to dest, with the test articles."""
    shutil.copytree(REPO, dest, ignore=NOT_PROJECT)
    if extra_articles:
        for rel, text in EXTRA_ARTICLES.items():
            (dest / "content" / rel).write_text(text, encoding="utf-8")
    return dest


def mkdocs_build(project: Path, env: dict[str, str],
                 prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in project, in a subprocess with env added to this process's."""
    return subprocess.run([*prefix, sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                          capture_output=True, text=True, check=False)
