/* sphinx_notes: search the notes in the language of the page the search started from.
 *
 * On every page, search forms get a "lang" field with the page's language. On the search page,
 * the notes of that language are searched in their own index (_static/notes-search/<lang>/):
 * the query is split and stemmed as the pages were, only the shards of its words and the
 * chunks of the pages found are fetched, and the notes found come first in Sphinx's results.
 * Links above the results search the same words in the notes' other languages.
 */
"use strict";
(() => {
  const files = {};
  const waiting = {};
  let site = null;

  const NotesSearch = (window.NotesSearch = {
    languages: (data) => { site = data; },
    load: (lang, name, data) => {
      const key = `${lang}/${name}`;
      files[key] = data;
      (waiting[key] || []).forEach((resolve) => resolve(data));
      delete waiting[key];
    },
  });

  const staticRoot = () => `${document.documentElement.dataset.content_root || ""}_static/notes-search/`;

  /* A file of the index, by <script> so that file:// works as well as a server. */
  const fetchScript = (lang, name) => new Promise((resolve) => {
    const language = site.languages[lang];
    const script = document.createElement("script");
    script.src = `${staticRoot()}${language.folder}/${name}.js?v=${language.version}`;
    script.onload = () => resolve(true);
    script.onerror = () => resolve(false);
    document.head.appendChild(script);
  });

  const indexFile = (lang, name) => {
    const key = `${lang}/${name}`;
    if (key in files) return Promise.resolve(files[key]);
    const promise = new Promise((resolve) => (waiting[key] = [...(waiting[key] || []), resolve]));
    if (waiting[key].length === 1) fetchScript(lang, name).then(() => key in files || NotesSearch.load(lang, name, null));
    return promise;
  };

  const stemmerOf = async (lang, info) => {
    if (info.stemmer && !window[info.stemmer]) await fetchScript(lang, "stemmer");
    return info.stemmer && window[info.stemmer] ? new window[info.stemmer]() : { stemWord: (word) => word };
  };

  /* The same words as the Python side (sphinx_notes.model.search_index.words). */
  const words = (text) => {
    const found = [];
    const separators = new RegExp(`[^\\p{Letter}\\p{Number}_${site.marks}]+`, "u");
    const unspaced = new RegExp(`[${site.unspaced}]+`, "gu");
    text.toLowerCase().split(separators).filter((w) => w).forEach((word) => {
      let last = 0;
      for (const match of word.matchAll(unspaced)) {
        if (match.index > last) found.push(word.slice(last, match.index));
        const run = match[0];
        for (let i = 0; i < Math.max(1, run.length - 1); i++) found.push(run.slice(i, i + 2));
        last = match.index + run.length;
      }
      if (last < word.length) found.push(word.slice(last));
    });
    return found;
  };

  const fnv1a = (text) => {
    let value = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      value ^= text.charCodeAt(i);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value >>> 0;
  };

  /* [docname, title, anchor, summary, score, filename, kind], best first. */
  const searchNotes = async (lang, query) => {
    const info = await indexFile(lang, "index");
    if (!info) return [];
    const stemmer = await stemmerOf(lang, info);
    const stop = new Set(info.stopwords);
    const terms = [...new Set(words(query)
      .filter((w) => !stop.has(w) && (w.length > 1 || /[^\x00-\x7f]/.test(w)))
      .map((w) => (/\p{Nd}/u.test(w) ? w : stemmer.stemWord(w))))];
    if (!terms.length) return [];
    const shards = await Promise.all(terms.map((term) => indexFile(lang, `terms-${fnv1a(term) % info.shards}`)));
    let scores = null;
    terms.forEach((term, i) => {
      const postings = (shards[i] || {})[term] || [];
      const found = new Map();
      for (let j = 0; j < postings.length; j += 2) found.set(postings[j], postings[j + 1]);
      if (scores === null) scores = found;
      else scores = new Map([...scores].filter(([page]) => found.has(page)).map(([page, s]) => [page, s + found.get(page)]));
    });
    const best = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 100);
    const chunks = await Promise.all([...new Set(best.map(([page]) => Math.floor(page / info.pagesPerChunk)))]
      .map((chunk) => indexFile(lang, `pages-${chunk}`).then((data) => [chunk, data || []])));
    const pages = new Map(chunks);
    return best.map(([page, score]) => {
      const [docname, title, summary] = pages.get(Math.floor(page / info.pagesPerChunk))[page % info.pagesPerChunk] || [];
      return [docname, title, "", summary, score, docname, "text"];
    }).filter((result) => result[0]);
  };

  const chosenLanguage = (params) => {
    if (!site) return null;
    // no lang parameter (the search page opened directly): the notes in the site's language
    const tag = (params.get("lang") || document.documentElement.lang || "").toLowerCase().replace("_", "-");
    if (site.languages[tag]) return tag;
    const primary = tag.split("-")[0];
    return Object.keys(site.languages).find((known) => known === primary) || null;
  };

  /* "Search the notes in: Deutsch · English · …", each the same query in that language. */
  const languageLinks = (params, lang) => {
    const nav = document.createElement("nav");
    nav.className = "notes-search-languages";
    nav.setAttribute("aria-label", site.label);
    nav.append(`${site.label}: `);
    Object.entries(site.languages).forEach(([tag, language], i) => {
      if (i) nav.append(" · ");
      const link = document.createElement(tag === lang ? "strong" : "a");
      link.lang = tag;
      link.textContent = language.name;
      if (tag !== lang) {
        const other = new URLSearchParams(params);
        other.set("lang", tag);
        link.href = `?${other}`;
        link.hreflang = tag;
      } else link.setAttribute("aria-current", "true");
      nav.append(link);
    });
    return nav;
  };

  const searchPage = () => {
    // searchtools.js declares Search with const: a global binding, not a property of window
    const search = typeof Search === "object" ? Search : null;
    const results = document.getElementById("search-results");
    if (!search || !results || !search.query || !search._performSearch) return;
    const params = new URLSearchParams(window.location.search);
    const lang = chosenLanguage(params);
    if (!lang) return;
    if (params.get("q")) results.before(languageLinks(params, lang));
    const sphinxQuery = search.query;
    search.query = (query) => {
      searchNotes(lang, query).catch(() => []).then((notes) => {
        const perform = search._performSearch;
        // Sphinx shows its results from the last one: the notes, best first, go last
        search._performSearch = (...args) => perform(...args).concat(notes.reverse());
        try {
          sphinxQuery(query);
        } finally {
          search._performSearch = perform;
        }
      });
    };
  };

  const addLanguageField = () => {
    const lang = document.documentElement.lang;
    if (!lang) return;
    document.querySelectorAll("form").forEach((form) => {
      if (!/search(\.html)?\/?$/.test(form.getAttribute("action") || "") || form.querySelector("input[name=lang]")) return;
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "lang";
      field.value = lang;
      form.appendChild(field);
    });
  };

  // Registered before searchtools.js registers Search.init, so this runs first.
  document.addEventListener("DOMContentLoaded", () => {
    addLanguageField();
    searchPage();
  });
})();
