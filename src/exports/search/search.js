/* talkgen search: finds talks, speakers and tracks in the chunked index that `talkgen build`
   writes under search-index/ (see docs/outputs.md, "Search"). A query loads the manifest, the
   chunks its words fall into and the details of the results it shows, nothing else. Every word
   of the query must start a word of the page (case and accents ignored); a match in a title or a
   name counts more than one in a tag, a track or the abstract. Runs the search page's results
   and the header box's suggestions (an ARIA 1.2 combobox). No server, no library; data is only
   ever put into the page as text. */
(function () {
  "use strict";

  // search.js sits at the site's root: the index and its site paths are resolved against it.
  var SCRIPT = typeof document !== "undefined" ? document.currentScript : null;
  var ROOT = SCRIPT ? new URL(".", SCRIPT.src).href : "";
  var DIR = "search-index/";
  // Bounds, so a pasted book or a line of punctuation costs nothing: characters of a query read,
  // words kept, chunks one word may load (a one-letter prefix spans many).
  var MAX_QUERY = 200;
  var MAX_TERMS = 6;
  var MAX_TERM = 40;
  var MAX_CHUNKS_PER_TERM = 3;
  var PAGE = 20;
  var SUGGEST = 6;

  function fold(text) {
    return String(text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  /** The distinct words of a query, as the build makes the index's terms (index.rs). */
  function terms(text) {
    var out = [];
    fold(String(text || "").slice(0, MAX_QUERY))
      .split(/[^\p{Alphabetic}\p{N}]+/u)
      .forEach(function (t) {
        t = Array.from(t).slice(0, MAX_TERM).join("");
        if (t && out.length < MAX_TERMS && out.indexOf(t) < 0) out.push(t);
      });
    return out;
  }

  /** The chunks whose terms may start with `term`: the one it sorts into and those after it
      that begin with it (a few at most). */
  function chunksFor(firsts, term) {
    if (firsts.length === 0) return [];
    var lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= term) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var out = [at];
    for (var j = at + 1; j < firsts.length && out.length < MAX_CHUNKS_PER_TERM &&
      firsts[j].indexOf(term) === 0; j++) out.push(j);
    return out;
  }

  /** The documents matching one query word in the loaded chunks, with their best score: twice
      the field's weight, one more for the whole word. */
  function matches(chunks, term) {
    var best = new Map();
    chunks.forEach(function (chunk) {
      chunk.forEach(function (entry) {
        if (entry[0].indexOf(term) !== 0) return;
        var bonus = entry[0] === term ? 1 : 0;
        var groups = entry[1];
        for (var g = 0; g < groups.length; g += 2) {
          var score = groups[g] * 2 + bonus, id = 0, ids = groups[g + 1];
          for (var i = 0; i < ids.length; i++) {
            id += ids[i];
            if (!(best.get(id) >= score)) best.set(id, score);
          }
        }
      });
    });
    return best;
  }

  /** The search over files got by `load(name)` (a promise of the data of `name`.js). */
  function Engine(load) {
    this.load = load;
    this.files = {};
  }
  Engine.prototype.get = function (name) {
    var files = this.files;
    if (!files[name]) {
      files[name] = this.load(name).catch(function (e) { delete files[name]; throw e; });
    }
    return files[name];
  };
  Engine.prototype.meta = function () { return this.get("meta"); };
  /** The ids of the documents matching `query`, best first. */
  Engine.prototype.search = function (query) {
    var self = this, words = terms(query);
    if (words.length === 0) return Promise.resolve([]);
    return this.meta().then(function (meta) {
      return Promise.all(words.map(function (w) {
        return Promise.all(chunksFor(meta.chunks, w).map(function (n) { return self.get("t" + n); }))
          .then(function (chunks) { return matches(chunks, w); });
      }));
    }).then(function (perWord) {
      var found = [];
      perWord[0].forEach(function (score, id) {
        for (var i = 1; i < perWord.length; i++) {
          var s = perWord[i].get(id);
          if (s === undefined) return;
          score += s;
        }
        found.push([id, score]);
      });
      found.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return found.map(function (f) { return f[0]; });
    });
  };
  /** The details of documents `ids`: { kind, title, url, line }, url a site path. */
  Engine.prototype.details = function (ids) {
    var self = this;
    if (ids.length === 0) return Promise.resolve([]);
    return this.meta().then(function (meta) {
      return Promise.all(ids.map(function (id) {
        return self.get("d" + Math.floor(id / meta.per_file)).then(function (list) {
          var d = list[id % meta.per_file];
          return { kind: d[0], title: d[1], url: d[2], line: d[3] };
        });
      }));
    });
  };

  if (typeof module === "object" && module.exports) {
    module.exports = { Engine: Engine, terms: terms, fold: fold, chunksFor: chunksFor };
    return;
  }

  /** Loads `search-index/<name>.js`, a script handing its data to TALKGEN_SEARCH_DATA (a
      script, not JSON, so search works from file:// too). */
  function scriptLoader() {
    var waiting = {};
    window.TALKGEN_SEARCH_DATA = function (name, data) {
      var w = waiting[name];
      if (w) { delete waiting[name]; w(data); }
    };
    return function (name) {
      return new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var s = document.createElement("script");
        s.src = ROOT + DIR + name + ".js";
        s.onload = s.onerror = function () {
          s.remove();
          if (waiting[name]) { delete waiting[name]; reject(new Error(name + ".js")); }
        };
        document.head.appendChild(s);
      });
    };
  }

  var engine = new Engine(scriptLoader());
  var strings = {};
  /** The manifest, its strings taken: loaded by the first search, not before. */
  var ready = function () {
    return engine.meta().then(function (meta) { strings = meta.strings || {}; });
  };

  function say(key, n, q) {
    // Functions, so a "$&" in the query is not read as a replacement pattern.
    return String(strings[key] || "")
      .replace("{n}", function () { return String(n); })
      .replace("{q}", function () { return q; });
  }

  /** `text` into `el` with the words starting a query word in <mark>, all as text nodes. */
  function highlight(el, text, words) {
    var re = /[\p{Alphabetic}\p{N}]+/gu, last = 0, m;
    while ((m = re.exec(text)) !== null) {
      var f = fold(m[0]);
      if (!words.some(function (w) { return f.indexOf(w) === 0; })) continue;
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  /** One result's content: its kind, its title (highlighted) and its line. */
  function fill(el, d, words) {
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = strings[["search_kind_talk", "search_kind_speaker", "search_kind_track"][d.kind]] || "";
    var title = document.createElement("span");
    title.className = "result-title";
    highlight(title, d.title, words);
    var line = document.createElement("span");
    line.className = "result-line";
    line.textContent = d.line;
    return [kind, title, line];
  }

  function href(url) { return new URL(url, ROOT).href; }

  /** The search page: results for ?q= and for what is typed, PAGE at a time. */
  function resultsPage(input, list, status) {
    var seq = 0;
    var run = function (query, more) {
      var mine = ++seq, words = terms(query);
      if (words.length === 0) {
        list.textContent = "";
        status.textContent = status.getAttribute("data-initial") || "";
        return;
      }
      status.textContent = strings.search_loading || status.textContent;
      ready().then(function () { return engine.search(query); }).then(function (ids) {
        var from = more ? list.children.length : 0;
        return engine.details(ids.slice(from, from + PAGE)).then(function (shown) {
          if (mine !== seq) return;
          if (!more) list.textContent = "";
          var old = list.parentNode.querySelector(".search-more");
          if (old) old.remove();
          shown.forEach(function (d) {
            var li = document.createElement("li");
            li.className = "search-result";
            var a = document.createElement("a");
            a.href = href(d.url);
            var parts = fill(a, d, words);
            a.appendChild(parts[1]);
            li.appendChild(parts[0]);
            li.appendChild(document.createTextNode(" "));
            li.appendChild(a);
            if (d.line) li.appendChild(parts[2]);
            list.appendChild(li);
          });
          var q = query.trim().slice(0, MAX_QUERY);
          status.textContent = ids.length === 0 ? say("search_none", 0, q)
            : say(ids.length === 1 ? "search_found_one" : "search_found_other", ids.length, q);
          if (list.children.length < ids.length) {
            var b = document.createElement("button");
            b.type = "button";
            b.className = "search-more";
            b.textContent = strings.search_more || "…";
            b.addEventListener("click", function () { run(query, true); });
            list.parentNode.insertBefore(b, list.nextSibling);
          }
        });
      }).catch(function () { /* the index is missing: the status keeps saying so */ });
    };
    var query = new URLSearchParams(window.location.search).get("q") || "";
    status.setAttribute("data-initial", status.textContent);
    if (input) {
      input.value = query.slice(0, 1000);
      var timer;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var url = new URL(window.location.href);
          url.searchParams.set("q", input.value.slice(0, MAX_QUERY));
          history.replaceState(null, "", url);
          run(input.value, false);
        }, 150);
      });
    }
    run(query, false);
  }

  /** The header box as a combobox (set up by search-box.js): suggestions as one types. */
  function combobox(input) {
    var form = input.form;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var live = document.getElementById("site-search-live");
    if (!form || !list) return;
    var seq = 0, active = -1, timer;
    var options = function () { return list.querySelectorAll("[role=option]"); };
    var open = function (yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) move(-1);
    };
    var move = function (to) {
      var all = options();
      active = to;
      for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === to ? "true" : "false");
      if (to >= 0 && all[to]) {
        input.setAttribute("aria-activedescendant", all[to].id);
        all[to].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    };
    var option = function (n, url) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", url);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { window.location.assign(url); });
      return li;
    };
    var suggest = function () {
      var mine = ++seq, query = input.value, words = terms(query);
      if (words.length === 0) { list.textContent = ""; open(false); return; }
      ready().then(function () { return engine.search(query); }).then(function (ids) {
        return engine.details(ids.slice(0, SUGGEST)).then(function (shown) {
          if (mine !== seq) return;
          list.textContent = "";
          shown.forEach(function (d, n) {
            var li = option(n, href(d.url));
            fill(li, d, words).forEach(function (p) { if (p.textContent) li.appendChild(p); });
            list.appendChild(li);
          });
          var all = new URL(form.action);
          all.searchParams.set("q", query.slice(0, MAX_QUERY));
          var li = option(shown.length, all.href);
          li.className = "search-all";
          li.textContent = say("search_all", ids.length, query.trim().slice(0, MAX_QUERY));
          list.appendChild(li);
          open(true);
          if (live) live.textContent = say("search_suggestions_n", shown.length, "");
        });
      }).catch(function () { open(false); });
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 100);
    });
    input.addEventListener("keydown", function (e) {
      var n = options().length, expanded = !list.hidden && n > 0;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!expanded) { if (n > 0) open(true); else return; }
        e.preventDefault();
        var step = e.key === "ArrowDown" ? 1 : -1;
        move(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
      } else if (e.key === "Enter" && expanded && active >= 0) {
        e.preventDefault();
        window.location.assign(options()[active].getAttribute("data-href"));
      } else if (e.key === "Escape") {
        if (expanded) { e.preventDefault(); open(false); } else input.value = "";
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
    if (input.value) suggest();
  }

  var start = function () {
    var input = document.getElementById("site-search");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (list && status) resultsPage(input, list, status);
    else if (input && input.getAttribute("role") === "combobox") combobox(input);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
