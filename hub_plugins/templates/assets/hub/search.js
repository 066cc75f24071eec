// Header search with Pagefind (see hub/search.html). The page lists the bundles of its language
// (hub_plugins/search.py): the first is loaded, the others (a large language is split into several)
// are merged into it, so results are in the page's language and words are stemmed for that language.
// Nothing is fetched until the reader focuses the search box.
(() => {
  "use strict";
  const root = document.querySelector("[data-hub-search]");
  if (!root) return;
  const input = root.querySelector(".hub-search__input");
  const panel = root.querySelector(".hub-search__results");
  const meta = root.querySelector(".hub-search__meta");
  const list = root.querySelector(".hub-search__list");
  const more = root.querySelector(".hub-search__more");
  const item = root.querySelector(".hub-search__item");
  const [bundle, ...merged] = root.dataset.bundles.split(" ").map((b) => new URL(b, document.baseURI));
  const siteRoot = new URL("../../", bundle).pathname;  // a bundle is <site>/pagefind/<name>/pagefind.js
  // Pagefind lowercases queries without Turkish rules ("IŞIK" would become "işik", not "ışık").
  const pageLanguage = document.documentElement.lang || undefined;
  const PAGE = 5;  // results per step: each one shown costs a ~1.4 kB fragment download
  let pagefind = null;
  let latest = 0;
  let pending = [];  // results of the current query not shown yet

  const load = () => {
    pagefind ??= import(bundle.href).then(async (module) => {
      // No web worker: it would be one more 40 kB script before the first result on a phone.
      const options = { baseUrl: siteRoot, excerptLength: 24 };
      await module.options({ ...options, noWorker: true });
      await module.init();
      for (const other of merged) await module.mergeIndex(new URL("./", other).pathname, options);
      return module;
    });
    return pagefind;
  };

  const show = (open) => { panel.hidden = !open; };

  const count = (n) => (n === 0 ? root.dataset.none : n === 1 ? root.dataset.one
    : root.dataset.other.replace("#", String(n)));

  const entry = (result) => {
    const node = item.content.cloneNode(true);
    node.querySelector(".hub-search__link").href = result.url;
    node.querySelector(".hub-search__title").textContent = result.meta.title || result.url;
    // Pagefind escapes the page text and adds only <mark> around the matched words.
    node.querySelector(".hub-search__excerpt").innerHTML = result.excerpt;
    return node;
  };

  // Fetch and append the next step of results; false when a newer query took over meanwhile.
  const next = async (mine) => {
    const step = pending.splice(0, PAGE);
    const results = await Promise.all(step.map((r) => r.data()));
    if (mine !== latest) return false;
    list.append(...results.map(entry));
    more.hidden = pending.length === 0;
    return true;
  };

  input.addEventListener("focus", () => { load(); });
  input.addEventListener("input", async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) { show(false); list.replaceChildren(); return; }
    const module = await load();
    const search = await module.debouncedSearch(query.toLocaleLowerCase(pageLanguage), {}, 120);
    if (search === null || mine !== latest) return;  // a newer keystroke superseded this one
    pending = [...search.results];
    list.replaceChildren();
    if (!(await next(mine))) return;
    meta.textContent = count(search.results.length);
    root.dataset.query = query;  // which query the panel shows (for tests and styling)
    show(true);
  });
  more.addEventListener("click", () => { next(latest); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { show(false); input.blur(); }
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target)) show(false);
  });
})();
