/* sphinx_notes: search in the language of the page the search started from.
 *
 * Note pages are indexed with their own language's stemmer and stop words. Search forms get a
 * "lang" field with the page's language; on the search page, when notes-search-data.js knows
 * that language, the query is stemmed and its stop words dropped the same way as the pages of
 * that language were indexed, instead of with the build language's rules.
 */
"use strict";
(() => {
  const primary = (tag) => (tag || "").toLowerCase().replace("_", "-").split("-")[0];

  const addLanguageField = () => {
    const lang = primary(document.documentElement.lang);
    if (!lang) return;
    document.querySelectorAll("form").forEach((form) => {
      if (!/search\.html$/.test(form.getAttribute("action") || "") || form.querySelector("input[name=lang]")) return;
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "lang";
      field.value = lang;
      form.appendChild(field);
    });
  };

  const useQueryLanguage = () => {
    const known = window.NOTES_SEARCH_LANGUAGES;
    if (!known) return;
    const language = known[primary(new URLSearchParams(window.location.search).get("lang"))];
    if (!language) return;
    const Stemmer = language.stemmer ? window[language.stemmer] : null;
    window.Stemmer = Stemmer || function () { this.stemWord = (word) => word; };
    if (language.marks) {
      const separators = new RegExp(`[^\\p{Letter}\\p{Number}_${window.NOTES_SEARCH_WORD_MARKS}]+`, "gu");
      window.splitQuery = (query) => query.split(separators).filter((term) => term);
    }
    const stopwords = window.stopwords;  // a Set since Sphinx 8.1, an Array before
    if (stopwords instanceof Set) {
      stopwords.clear();
      language.stopwords.forEach((word) => stopwords.add(word));
    } else if (Array.isArray(stopwords)) {
      stopwords.splice(0, stopwords.length, ...language.stopwords);
    }
  };

  // Registered before searchtools.js registers Search.init, so this runs first.
  document.addEventListener("DOMContentLoaded", () => {
    addLanguageField();
    useQueryLanguage();
  });
})();
