/* talkgen: makes the header's search box a combobox (ARIA 1.2) and loads search.js, which
   offers the suggestions, the first time the box is used: a page only read pays for these
   lines. The search page runs search.js itself. */
(function () {
  "use strict";
  var box = document.getElementById("site-search");
  if (!box || !box.form || document.getElementById("search-results")) return;
  var src = new URL("search.js", document.currentScript.src).href;
  var list = document.createElement("ul");
  list.id = "site-search-options";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.labels && box.labels[0] ? box.labels[0].textContent : "");
  list.hidden = true;
  var live = document.createElement("span");
  live.id = "site-search-live";
  live.className = "sr-only";
  live.setAttribute("aria-live", "polite");
  box.form.appendChild(list);
  box.form.appendChild(live);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-expanded", "false");
  box.setAttribute("aria-controls", list.id);
  var load = function () {
    box.removeEventListener("focus", load);
    box.removeEventListener("input", load);
    var s = document.createElement("script");
    s.src = src;
    document.head.appendChild(s);
  };
  box.addEventListener("focus", load);
  box.addEventListener("input", load);
})();
