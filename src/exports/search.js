/* talkgen search: finds talks by title, speaker, track, level, tag and abstract words in the
   index that `talkgen build` writes (search-index.js). Every word of the query must match the
   start of a word somewhere in a talk; matches in the title count most. No server, no library. */
(function () {
  "use strict";

  // search.js sits at the site's root: the index's site paths are resolved against it.
  var SCRIPT = typeof document !== "undefined" ? document.currentScript : null;
  var ROOT = SCRIPT ? new URL(".", SCRIPT.src).href : "";

  var FIELDS = [
    ["title", 10],
    ["speakers", 8],
    ["tags", 6],
    ["track", 5],
    ["level", 3],
    ["words", 1],
  ];

  function fold(text) {
    return String(text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function terms(text) {
    return fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(function (t) { return t.length > 0; });
  }

  function prepare(talk) {
    var fields = {};
    FIELDS.forEach(function (f) {
      var v = talk[f[0]];
      fields[f[0]] = terms(Array.isArray(v) ? v.join(" ") : v);
    });
    return fields;
  }

  /** The talks of `index` matching `query`, best first. */
  function search(index, query) {
    var wanted = terms(query);
    if (wanted.length === 0) return [];
    var found = [];
    index.talks.forEach(function (talk, position) {
      var fields = talk._fields || (talk._fields = prepare(talk));
      var score = 0;
      for (var i = 0; i < wanted.length; i++) {
        var best = 0;
        FIELDS.forEach(function (f) {
          if (f[1] > best && fields[f[0]].some(function (w) { return w.indexOf(wanted[i]) === 0; })) {
            best = f[1];
          }
        });
        if (best === 0) return;
        score += best;
      }
      found.push({ talk: talk, score: score, position: position });
    });
    found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return found.map(function (f) { return f.talk; });
  }

  function show(results, query, list, status) {
    list.textContent = "";
    results.forEach(function (talk) {
      var li = document.createElement("li");
      li.className = "talk-item";
      var a = document.createElement("a");
      a.href = ROOT ? new URL(talk.url, ROOT).href : talk.url;
      a.textContent = talk.title;
      li.appendChild(a);
      if (talk.speakers.length) {
        var by = document.createElement("span");
        by.className = "by";
        by.textContent = " — " + talk.speakers.join(", ");
        li.appendChild(by);
      }
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = talk.track + (talk.level ? ", " + talk.level : "");
      li.appendChild(meta);
      list.appendChild(li);
    });
    var n = results.length;
    status.textContent = query.trim() === ""
      ? "Type a word to search the talks."
      : n + " talk" + (n === 1 ? "" : "s") + " found for “" + query + "”.";
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { search: search, terms: terms };
    return;
  }
  var start = function () {
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var index = window.TALKGEN_SEARCH;
    if (!list || !status || !index) return;
    var input = document.getElementById("site-search");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    if (input) {
      input.value = query;
      input.addEventListener("input", function () {
        show(search(index, input.value), input.value, list, status);
      });
    }
    show(search(index, query), query, list, status);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
