#!/usr/bin/env python3
"""Deterministic synthetic EN/TR corpus in the career hub's front-matter format.

    python bench/make_corpus.py --out DIR --per-lang N [--seed S] [--drafts K] [--no-author]

Writes DIR/en/articles/<slug>.md and DIR/tr/articles/<slug>.md, N per language, and
DIR/authors.yml: the author keys the articles use, with their names, to add to a hub's
taxonomy (or pass --no-author to leave the `author` field out).
About 60% of the articles exist in both languages and share a `translation_key`;
the rest have none. The same arguments always give byte-identical files.
Standard library only (Python 3.11).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

AUDIENCES = ["students", "professionals", "employees", "hr-community"]
TOPICS = ["recruitment", "talent-development", "career-management", "employer-brand", "social-media"]
AUTHOR_NAMES = {"ayse-yilmaz": "Ayşe Yılmaz", "mehmet-demir": "Mehmet Demir", "elif-kaya": "Elif Kaya",
                "can-ozturk": "Can Öztürk", "zeynep-sahin": "Zeynep Şahin", "emma-jones": "Emma Jones",
                "john-smith": "John Smith"}
AUTHORS = list(AUTHOR_NAMES)
TRANSLATED_SHARE = 0.6
FIRST_DAY, LAST_DAY = dt.date(2013, 1, 1), dt.date(2026, 6, 30)

# Title templates and their slot values come in (English, Turkish) pairs, so that the two
# versions of a translated article get parallel titles.
TITLES = [("{n} Steps to {thing}", "{n} Adımda {thing}"),
          ("Why {thing} Matters for {aud}", "{aud} İçin {thing} Neden Önemli?"),
          ("{thing}: A Practical Guide for {aud}", "{aud} İçin {thing}: Uygulamalı Rehber"),
          ("How to Measure {thing}", "{thing} Nasıl Ölçülür?"),
          ("{thing} in {n} Questions", "{n} Soruda {thing}"),
          ("Common Mistakes in {thing}", "{thing} Konusunda Sık Yapılan Hatalar"),
          ("What {aud} Expect from {thing}", "{aud} {thing} Konusunda Ne Bekliyor?")]
THINGS = [("HR Social Media Strategy", "İK Sosyal Medya Stratejisi"),
          ("Employer Branding on LinkedIn", "LinkedIn'de İşveren Markası"),
          ("Campus Recruitment", "Kampüs İşe Alımı"), ("Employee Advocacy", "Çalışan Elçiliği"),
          ("Talent Development Programs", "Yetenek Gelişim Programları"),
          ("Internal Career Mobility", "Şirket İçi Kariyer Hareketliliği"),
          ("Candidate Experience", "Aday Deneyimi"), ("Onboarding", "İşe Uyum Süreci"),
          ("Mentoring", "Mentorluk"), ("Graduate Programs", "Yeni Mezun Programları"),
          ("Internship Programs", "Staj Programları"), ("Remote Work Culture", "Uzaktan Çalışma Kültürü"),
          ("Job Posting Copy", "İş İlanı Metinleri"), ("Career Conversations", "Kariyer Görüşmeleri"),
          ("Performance Feedback", "Performans Geri Bildirimi"), ("Recruitment Marketing", "İşe Alım Pazarlaması")]
AUD_LABELS = [("Students", "Öğrenciler"), ("Experienced Professionals", "Deneyimli Profesyoneller"),
              ("Our Employees", "Çalışanlarımız"), ("the HR Community", "İK Topluluğu")]

# Sentence parts: subject + predicate + tail (EN) or subject + tail + predicate (TR).
VOCAB = {
    "en": {
        "subjects": ["The HR team", "A strong employer brand", "Our recruitment strategy", "The social media plan",
                     "Every hiring manager", "The talent acquisition team", "A consistent content calendar",
                     "Employee advocacy", "The career site", "A good onboarding programme", "The HR specialist",
                     "Our company page", "The online community", "A mentoring circle"],
        "predicates": ["should focus on authentic stories from employees", "earns the trust of online communities",
                       "needs clear KPIs for every channel", "shapes the whole candidate experience",
                       "builds long-term relationships with graduates", "listens before it speaks",
                       "turns employees into credible ambassadors", "answers every comment with respect",
                       "measures reach, engagement and applications", "avoids dumb corporate promotion",
                       "defines the target audiences first", "gives real insight into everyday work",
                       "steers the discussion instead of pushing a message", "supports internal career moves"],
        "tails": ["", " in the long run", " across all channels", " from the very first day",
                  " without pushing corporate messages", " in every market we hire in", " at a sustainable pace"],
        "headings": ["Why it matters", "Know your audiences", "Choosing the channels", "Content that earns trust",
                     "Measuring what works", "Listening to the community", "Common pitfalls", "Next steps",
                     "A simple plan for the first year", "Lessons from the field"],
        "bullets": ["Who are our target audiences?", "Where are they present at the moment?",
                    "What are their interests?", "What can enrich their communities?", "How can we earn their trust?",
                    "Which KPIs tell us we are on track?", "Who answers comments, and how fast?"],
        "link": "See [a recent employer branding survey]({url}) for more.",
        "table": ["| Channel | Goal | KPI |", "| LinkedIn | Reach professionals | Applications per post |",
                  "| Instagram | Show everyday culture | Saves and shares |",
                  "| Career site | Convert visitors | Completed applications |"],
    },
    "tr": {
        "subjects": ["İK ekibi", "Güçlü bir işveren markası", "İşe alım stratejimiz", "Sosyal medya planı",
                     "Her işe alım yöneticisi", "Yetenek kazanımı ekibi", "Tutarlı bir içerik takvimi",
                     "Çalışan elçiliği", "Kariyer sitesi", "İyi bir işe uyum programı", "İK uzmanı",
                     "Şirket sayfamız", "Çevrimiçi topluluk", "Mentorluk çemberi"],
        "predicates": ["çalışanların gerçek hikâyelerine odaklanmalıdır", "topluluğun güvenini kazanır",
                       "her kanal için net ölçütler belirlemelidir", "aday deneyiminin tamamını şekillendirir",
                       "yeni mezunlarla uzun soluklu ilişkiler kurar", "konuşmadan önce dinlemeyi bilir",
                       "çalışanları inandırıcı birer elçiye dönüştürür", "her yoruma saygıyla yanıt verir",
                       "erişimi, etkileşimi ve başvuruları ölçer", "kaba kurumsal tanıtımdan kaçınır",
                       "önce hedef kitlelerini tanımlar", "günlük işe dair gerçek bir bakış sunar",
                       "mesajı dayatmak yerine tartışmayı yönlendirir", "şirket içi kariyer geçişlerini destekler"],
        "tails": ["", " uzun vadede", " tüm kanallarda", " ilk günden itibaren", " kurumsal bir dile sığınmadan",
                  " işe alım yaptığımız her pazarda", " sürdürülebilir bir tempoyla"],
        "headings": ["Neden önemli?", "Hedef kitlenizi tanıyın", "Kanal seçimi", "Güven kazandıran içerik",
                     "İşe yarayanı ölçmek", "Topluluğu dinlemek", "Sık yapılan hatalar", "Sonraki adımlar",
                     "İlk yıl için basit bir plan", "Sahadan çıkarılan dersler"],
        "bullets": ["Hedef kitlelerimiz kimler?", "Şu anda nerelerde bulunuyorlar?", "İlgi alanları neler?",
                    "Topluluklarını ne zenginleştirebilir?", "Güvenlerini nasıl kazanabiliriz?",
                    "Hangi ölçütler doğru yolda olduğumuzu gösterir?", "Yorumlara kim, ne kadar hızlı yanıt veriyor?"],
        "link": "Ayrıntılar için [yakın tarihli bir işveren markası araştırmasına]({url}) göz atın.",
        "table": ["| Kanal | Amaç | Ölçüt |", "| LinkedIn | Profesyonellere ulaşmak | Gönderi başına başvuru |",
                  "| Instagram | Günlük kültürü göstermek | Kaydetme ve paylaşımlar |",
                  "| Kariyer sitesi | Ziyaretçiyi adaya dönüştürmek | Tamamlanan başvurular |"],
    },
}

TRANSLIT = str.maketrans({"ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ğ": "g", "Ğ": "g",
                          "ç": "c", "Ç": "c", "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "â": "a", "Â": "a"})


def slugify(text: str) -> str:
    """ASCII slug; Turkish letters are transliterated *before* lower() (no stray combining dot)."""
    return re.sub(r"[^a-z0-9]+", "-", text.translate(TRANSLIT).lower()).strip("-")


def sentence(rng: random.Random, lang: str, bold: bool = False) -> str:
    v = VOCAB[lang]
    subject, predicate, tail = rng.choice(v["subjects"]), rng.choice(v["predicates"]), rng.choice(v["tails"])
    if bold:
        predicate = f"**{predicate}**"
    return f"{subject} {predicate}{tail}." if lang == "en" else f"{subject}{tail} {predicate}."


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang, bold=rng.random() < 0.15) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, lang: str) -> str:
    v = VOCAB[lang]
    headings = rng.sample(v["headings"], rng.randint(2, 4))
    sections: list[list[str]] = [[paragraph(rng, lang)]] + [[f"## {h}"] for h in headings]
    list_at, table_at = rng.randrange(1, len(sections)), rng.randrange(1, len(sections))
    sections[list_at].append("\n".join(f"- {b}" for b in rng.sample(v["bullets"], rng.randint(3, 5))))
    if rng.random() < 0.25:
        sections[table_at].append("\n".join([*v["table"][:2], "| --- | --- | --- |", *v["table"][2:]]))
    link = v["link"].format(url=f"https://example.com/research/{rng.randint(100, 999)}")
    sections[0].append(sentence(rng, lang, bold=True) + " " + link)
    target, i = rng.randint(600, 810), 0  # the last paragraph may overshoot by <= ~90 words
    words = sum(len(block.split()) for sec in sections for block in sec)
    while words < target:  # grow the sections round-robin until the article is long enough
        p = paragraph(rng, lang)
        sections[1 + i % len(headings)].append(p)
        words, i = words + len(p.split()), i + 1
    return "\n\n".join(block for sec in sections for block in sec) + "\n"


def meta(rng: random.Random) -> dict:
    """Language-independent fields: shared by the two versions of a translated article."""
    span = (LAST_DAY - FIRST_DAY).days
    return {
        "date": FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1)),
        "audience": sorted(rng.sample(AUDIENCES, rng.randint(1, 2)), key=AUDIENCES.index),
        "topics": sorted(rng.sample(TOPICS, rng.randint(1, 3)), key=TOPICS.index),
        "author": rng.choice(AUTHORS),
        "title": (rng.randrange(len(TITLES)), rng.randrange(len(THINGS)),
                  rng.randrange(len(AUD_LABELS)), rng.randint(3, 12)),
    }


def title(m: dict, lang: str, seen: dict[str, int]) -> str:
    k = 0 if lang == "en" else 1
    t, thing, aud, n = m["title"]
    text = TITLES[t][k].format(n=n, thing=THINGS[thing][k], aud=AUD_LABELS[aud][k])
    seen[text] = seen.get(text, 0) + 1
    if seen[text] > 1:  # keep titles (and so slugs) unique within a language
        text += f" (Part {seen[text]})" if lang == "en" else f" ({seen[text]}. Bölüm)"
    return text


def description(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang) for _ in range(rng.randint(1, 2)))


def front_matter(fields: dict) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        elif key in ("title", "description"):
            value = json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
        elif isinstance(value, bool):
            value = "true" if value else "false"
        lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", ""])


def generate(out: Path, per_lang: int, seed: int = 0, drafts: int = 0,
             with_author: bool = True) -> dict[str, int]:
    rng = random.Random(seed)
    pairs = round(per_lang * TRANSLATED_SHARE)
    shared = [meta(rng) for _ in range(pairs)]
    counts = {}
    for lang in ("en", "tr"):
        lrng = random.Random(f"{seed}-{lang}")  # each language's own stream: EN output does not depend on TR's
        metas = [(m, f"hub-{i + 1:06d}") for i, m in enumerate(shared)]
        metas += [(meta(lrng), None) for _ in range(per_lang - pairs)]
        draft_ids = set(lrng.sample(range(per_lang), min(drafts, per_lang)))
        folder = out / lang / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.glob("*.md")):
            raise SystemExit(f"{folder} already holds articles: give --out an empty or new folder")
        seen: dict[str, int] = {}
        slugs: set[str] = set()
        for i, (m, key) in enumerate(metas):
            text = title(m, lang, seen)
            fields = {"title": text, "description": description(lrng, lang), "date": m["date"].isoformat(),
                      "audience": m["audience"], "topics": m["topics"]}
            if with_author:
                fields["author"] = m["author"]
            if key:
                fields["translation_key"] = key
            if i in draft_ids:
                fields["draft"] = True
            slug = base = slugify(text)
            while slug in slugs:  # titles are unique; this only guards against two slugifying alike
                slug = f"{base}-{len(slugs)}"
            slugs.add(slug)
            path = folder / f"{slug}.md"
            path.write_text(front_matter(fields) + body(lrng, lang), encoding="utf-8", newline="\n")
        counts[lang] = len(metas)
    if with_author:
        authors = "".join(f"  {key}:\n    name: {json.dumps(name, ensure_ascii=False)}\n"
                          for key, name in AUTHOR_NAMES.items())
        (out / "authors.yml").write_text("authors:\n" + authors, encoding="utf-8", newline="\n")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder (en/ and tr/ are created in it)")
    ap.add_argument("--per-lang", type=int, required=True, help="articles per language")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--drafts", type=int, default=0, help="articles per language marked draft: true")
    ap.add_argument("--no-author", action="store_true", help="leave the author field out of every article")
    args = ap.parse_args()
    counts = generate(args.out, args.per_lang, args.seed, args.drafts, not args.no_author)
    print(f"wrote {counts['en']} en + {counts['tr']} tr articles to {args.out}")


if __name__ == "__main__":
    main()
