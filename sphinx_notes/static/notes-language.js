/* sphinx_notes: the notes root offers first the language its reader chose last.
   A page of one language's notes stores that language; the notes root moves its entry to the
   top and marks it. No redirect; without JavaScript or storage the root is the plain list. */
(function () {
  "use strict";
  var KEY = "sphinx_notes.language";
  function remember() {
    if (!document.querySelector(".notes-note, .notes-language-index, .notes-tag-page")) return;
    var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    try { if (lang) window.localStorage.setItem(KEY, lang); } catch (e) { /* no storage */ }
  }
  function offer() {
    var list = document.querySelector("ul.notes-languages");
    if (!list) return;
    var lang = null;
    try { lang = window.localStorage.getItem(KEY); } catch (e) { return; }
    if (!lang) return;
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      if (items[i].classList.contains("notes-language-" + lang)) {
        items[i].classList.add("notes-remembered");
        list.insertBefore(items[i], list.firstChild);
        return;
      }
    }
  }
  function run() { remember(); offer(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
