/* talkgen attendee planner: stars and my agenda, the viewer's time zone, now and next, filters
   without reloads. Every page reads without it. What it keeps stays in this browser
   (localStorage, one key per site root); whatever comes from storage, the address or a share
   link is checked (known shapes, size limits) and only ever used as text. */
(function () {
  "use strict";
  var doc = document, body = doc.body;
  var root = new URL(body.getAttribute("data-root") || "/", location.href);
  var KEY = "talkgen:" + root.pathname + ":";
  var ID = /^[a-z0-9][a-z0-9-]{0,199}$/, PART = /^[a-z0-9][a-z0-9-]{0,39}$/;
  var OFFSET = /T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/;
  var MAX = 2000, MAXRAW = 100000, HOUR = 36e5;
  var lang = doc.documentElement.lang || "en";

  function all(sel, el) { return [].slice.call((el || doc).querySelectorAll(sel)); }
  function one(sel, el) { return (el || doc).querySelector(sel); }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function load(name) { try { return localStorage.getItem(KEY + name); } catch (e) { return null; } }
  function save(name, v) {
    try { if (v == null) localStorage.removeItem(KEY + name); else localStorage.setItem(KEY + name, v); } catch (e) { /* full or off */ }
  }

  /* Favourites: {talk slug: planner part}; anything else in storage is dropped. */
  function clean(obj) {
    var out = Object.create(null), n = 0;
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) return out;
    Object.keys(obj).forEach(function (id) {
      var part = obj[id];
      if (n < MAX && ID.test(id) && typeof part === "string" && PART.test(part)) { out[id] = part; n++; }
    });
    return out;
  }
  function readFavs(raw) {
    if (!raw || raw.length > MAXRAW) return Object.create(null);
    try { return clean(JSON.parse(raw)); } catch (e) { return Object.create(null); }
  }
  var favs = readFavs(load("favs"));
  function setFavs(f) { favs = clean(f); save("favs", JSON.stringify(favs)); paint(); }

  function paint() {
    stars();
    filter();
    if (agenda) showAgenda();
  }
  function stars() {
    all("[data-star]").forEach(function (b) {
      var on = !!favs[b.getAttribute("data-star")];
      b.hidden = false;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      // The name from the page's one template and the talk's title (not two copies a card).
      var name = body.getAttribute(on ? "data-star-remove" : "data-star-add") || "";
      b.setAttribute("aria-label", name.replace("{title}", b.getAttribute("data-title") || ""));
    });
  }
  doc.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-star]");
    if (!b) return;
    var id = b.getAttribute("data-star"), f = clean(favs);
    if (f[id]) delete f[id]; else f[id] = b.getAttribute("data-part");
    setFavs(f);
  });
  window.addEventListener("storage", function (e) {
    if (e.key === KEY + "favs") { favs = readFavs(e.newValue); paint(); }
    if (e.key === KEY + "tz") { viewer = e.newValue === "viewer"; times(); }
  });

  /* Time zones: every <time> with an offset shows the conference's or the viewer's zone. */
  var tzLabel = one("[data-tz-label]"), tzButton = one("[data-tz-switch]");
  var confTz = tzLabel && tzLabel.getAttribute("data-tz");
  var here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var viewer = !!confTz && load("tz") === "viewer";
  function fmt(d, tz, h12) {
    return new Intl.DateTimeFormat(h12 ? "en-US" : "en-GB",
      { hour: h12 ? "numeric" : "2-digit", minute: "2-digit", hour12: h12, timeZone: tz || undefined }).format(d);
  }
  function ymd(d, tz) {
    return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: tz || undefined }).format(d);
  }
  function times() {
    all("time[datetime]").forEach(function (t) {
      var dt = t.getAttribute("datetime");
      if (!OFFSET.test(dt)) return;
      if (!t.hasAttribute("data-orig")) t.setAttribute("data-orig", t.textContent);
      var orig = t.getAttribute("data-orig"), d = new Date(dt);
      if (!viewer || isNaN(d)) { t.textContent = orig; return; }
      var s = fmt(d, here, /[AP]M/i.test(orig));
      if (!t.closest(".grid-hour, .grid-tcol") && ymd(d, here) !== ymd(d, confTz)) {
        s += " (" + new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", timeZone: here }).format(d) + ")";
      }
      t.textContent = s;
    });
    var zone = viewer ? here : confTz;
    all("[data-tz-name]").forEach(function (n) { n.textContent = zone; });
    all("[data-conf-only]").forEach(function (n) { n.hidden = viewer; });
    if (tzLabel) {
      tzLabel.textContent = viewer ? tzLabel.getAttribute("data-yours").replace("{tz}", here) : tzLabel.getAttribute("data-conf");
    }
    if (tzButton) tzButton.setAttribute("aria-pressed", viewer ? "true" : "false");
  }
  if (tzButton) tzButton.hidden = !confTz || !here;
  if (tzButton && confTz && here) {
    tzButton.addEventListener("click", function () {
      viewer = !viewer;
      save("tz", viewer ? "viewer" : null);
      times();
    });
  }

  /* The planner's data: planner/index.json and the parts (one day's talks each). */
  var cache = {};
  function getJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, root)).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[path];
  }
  function index() { return getJson("planner/index.json"); }
  function parts(names) {
    return index().then(function (ix) {
      var known = (ix && ix.parts) || [];
      var want = names.filter(function (n, i) { return names.indexOf(n) === i && known.indexOf(n) >= 0; });
      return Promise.all(want.map(function (n) {
        return getJson("planner/" + n + ".json").then(function (l) {
          return (Array.isArray(l) ? l : []).map(function (t) { t.part = n; return t; });
        });
      }));
    }).then(function (lists) { return [].concat.apply([], lists); });
  }
  function ms(s) { return s ? Date.parse(s) : NaN; }

  /* A talk of the data as a list item, made of text nodes only. */
  function item(t, part, note) {
    var li = el("li", "talk-item planned"), chips = el("p", "chips");
    if (t.start) {
      var c = el("span", "chip");
      [t.start, t.end].forEach(function (s, i) {
        var tm = el("time", null, fmt(new Date(ms(s)), confTz, false));
        tm.setAttribute("datetime", s);
        if (i) c.appendChild(doc.createTextNode("–"));
        c.appendChild(tm);
      });
      chips.appendChild(c);
      if (t.room) chips.appendChild(el("span", "chip chip-room", t.room));
    }
    var url = new URL(String(t.url), root), a = el(url.origin === root.origin ? "a" : "span", "card-title", t.title);
    if (a.tagName === "A") a.href = url.href;
    if (!shared && ID.test(t.id)) {
      var star = el("button", "star");
      star.type = "button";
      star.setAttribute("data-star", t.id);
      star.setAttribute("data-part", part);
      star.setAttribute("data-title", t.title);
      li.appendChild(star);
    }
    li.appendChild(a);
    if (Array.isArray(t.speakers) && t.speakers.length) li.appendChild(el("p", "by", t.speakers.join(", ")));
    li.appendChild(chips);
    if (note) li.appendChild(el("p", "clash", note));
    return li;
  }

  /* My agenda: the starred talks (or a shared agenda's) by day and time, clashes in words. */
  var agenda = one("[data-agenda]"), shared = null, shown = [];
  function readShare(hash) {
    if (hash.length > 20000 || hash.indexOf("#share=") !== 0) return null;
    var out = Object.create(null), n = 0, text;
    try { text = decodeURIComponent(hash.slice(7)); } catch (e) { return null; }
    text.split(";").forEach(function (group) {
      var i = group.indexOf(":"), part = group.slice(0, i);
      if (i < 1 || !PART.test(part)) return;
      group.slice(i + 1).split(",").forEach(function (id) {
        if (n < MAX && ID.test(id)) { out[id] = part; n++; }
      });
    });
    return out;
  }
  function shareUrl(f) {
    var by = {};
    Object.keys(f).forEach(function (id) { (by[f[id]] = by[f[id]] || []).push(id); });
    return new URL("agenda/#share=" + Object.keys(by).map(function (p) { return p + ":" + by[p].join(","); }).join(";"), root).href;
  }
  var generation = 0;
  function showAgenda() {
    var list = shared || favs, ids = Object.keys(list), gen = ++generation;
    var names = ids.map(function (id) { return list[id]; });
    one("[data-agenda-nojs]").hidden = true;
    agenda.hidden = false;
    parts(names).then(function (talks) {
      if (gen !== generation) return;
      var seen = {};
      shown = talks.filter(function (t) {
        var ok = t && list[t.id] === t.part && !seen[t.id];
        seen[t.id] = true;
        return ok;
      });
      shown.sort(function (a, b) { return (ms(a.start) || Infinity) - (ms(b.start) || Infinity) || (a.title < b.title ? -1 : 1); });
      return index().then(function (ix) { render(ix || {}); });
    });
  }
  function render(ix) {
    var box = one("[data-agenda-days]"), labels = {};
    (ix.days || []).forEach(function (d) { labels[d.date] = d.label; });
    box.textContent = "";
    var sharedBox = one("[data-agenda-shared]");
    sharedBox.hidden = !shared;
    if (shared) one("[data-agenda-shared-text]").textContent = agenda.getAttribute("data-shared").replace("{n}", shown.length);
    one("[data-agenda-empty]").hidden = shown.length > 0;
    one("[data-agenda-tools]").hidden = !!shared || !shown.length;
    one("[data-agenda-share]").value = shareUrl(favs);
    var day = null, ul = null;
    shown.forEach(function (t) {
      if (!ul || t.day !== day) {
        day = t.day;
        box.appendChild(el("h2", null, labels[day] || day || "—"));
        ul = box.appendChild(el("ul", "talk-list agenda-list"));
      }
      var clash = shown.filter(function (o) {
        return o !== t && t.start && o.start && ms(o.start) < ms(t.end) && ms(t.start) < ms(o.end);
      }).map(function (o) { return agenda.getAttribute("data-clash").replace("{title}", o.title); });
      ul.appendChild(item(t, t.part, clash.length ? "⚠ " + clash.join("; ") : null));
    });
    stars();
    times();
  }
  if (agenda) {
    shared = readShare(location.hash);
    all("[data-adopt]").forEach(function (b) {
      b.addEventListener("click", function () {
        var f = b.getAttribute("data-adopt") === "merge" ? clean(favs) : Object.create(null);
        shown.forEach(function (t) { f[t.id] = shared[t.id]; });
        shared = null;
        history.replaceState(null, "", location.pathname + location.search);
        setFavs(f);
      });
    });
    one("[data-agenda-ics]").addEventListener("click", function () {
      var a = el("a");
      a.href = URL.createObjectURL(new Blob([ics(shown, agenda.getAttribute("data-calname"))], { type: "text/calendar" }));
      a.download = "agenda.ics";
      body.appendChild(a);
      a.click();
      a.remove();
    });
    window.addEventListener("hashchange", function () { shared = readShare(location.hash); showAgenda(); });
  }

  /* iCalendar (RFC 5545): CRLF lines, escaped text, folded at 75 octets, times in UTC. */
  function esc(s) { return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n"); }
  function stamp(s) { return s.replace(/\.\d+/, "").replace(/[-:]/g, ""); }
  function fold(line) {
    var out = "", n = 0;
    for (var i = 0; i < line.length; i++) {
      var c = line.codePointAt(i), ch = String.fromCodePoint(c), b = c < 128 ? 1 : c < 2048 ? 2 : c < 65536 ? 3 : 4;
      if (c > 65535) i++;
      if (n + b > 75) { out += "\r\n "; n = 1; }
      out += ch;
      n += b;
    }
    return out;
  }
  function ics(talks, name) {
    var now = stamp(new Date().toISOString());
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//talkgen//planner//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + esc(name)];
    talks.forEach(function (t) {
      if (!t.start || !t.end) return;
      lines.push("BEGIN:VEVENT", "UID:" + esc(t.uid), "DTSTAMP:" + now, "DTSTART:" + stamp(t.start),
        "DTEND:" + stamp(t.end), "SUMMARY:" + esc(t.title));
      if (t.room) lines.push("LOCATION:" + esc(t.room));
      if (Array.isArray(t.speakers) && t.speakers.length) lines.push("DESCRIPTION:" + esc(t.speakers.join(", ")));
      lines.push("URL:" + new URL(String(t.url), root).href, "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  /* Filters without reloads, over the facets the templates write on each talk. */
  var form = one("[data-live-filters]"), items = form ? all("[data-talk]") : [];
  var pastBox = form && one("[data-hide-past]", form);
  function filter() {
    if (!form) return;
    var want = {}, now = Date.now(), past = pastBox.checked, mine = one("[data-only-favs]", form).checked;
    all("select[data-facet]", form).forEach(function (s) { if (s.value) want[s.getAttribute("data-facet")] = s.value; });
    items.forEach(function (it) {
      var show = !(mine && !favs[it.getAttribute("data-talk")]);
      Object.keys(want).forEach(function (f) {
        var v = it.getAttribute("data-" + f) || "";
        if (f === "tags" ? v.split("|").indexOf(want[f]) < 0 : v !== want[f]) show = false;
      });
      if (past && ms(it.getAttribute("data-end")) < now) show = false;
      it.hidden = !show;
    });
  }
  if (form) form.hidden = !items.length;
  if (form && items.length) {
    all("select[data-facet]", form).forEach(function (s) {
      var f = s.getAttribute("data-facet"), vals = [];
      items.forEach(function (it) {
        (it.getAttribute("data-" + f) || "").split(f === "tags" ? "|" : "\u0000").forEach(function (v) {
          if (v && vals.indexOf(v) < 0) vals.push(v);
        });
      });
      vals.sort().forEach(function (v) { s.appendChild(new Option(v, v)); });
      s.closest("label").hidden = vals.length < 2;
    });
    pastBox.checked = load("hidepast") === "1";
    pastBox.closest("label").hidden = !items.some(function (it) { return it.hasAttribute("data-end"); });
    form.addEventListener("change", function () { save("hidepast", pastBox.checked ? "1" : null); filter(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  /* Now: a line across the current day's grid, and what is on now and next on the overview. */
  function nowLine(first) {
    all(".now-line").forEach(function (n) { n.remove(); });
    var now = Date.now(), auto = first && !location.hash;
    all(".schedule-day").forEach(function (day) {
      var hours = all(".grid-hour", day), first = hours[0];
      if (!first || now < ms(first.getAttribute("datetime")) || now >= ms(hours[hours.length - 1].getAttribute("datetime")) + HOUR) return;
      var h = hours.filter(function (x) { return ms(x.getAttribute("datetime")) <= now; }).pop();
      var row = parseInt(h.style.gridRowStart, 10) + Math.floor((now - ms(h.getAttribute("datetime"))) / 3e5);
      var line = el("div", "now-line"), tm = el("time", null, fmt(new Date(now), confTz, /[AP]M/i.test(h.textContent)));
      tm.setAttribute("datetime", new Date(now).toISOString());
      line.setAttribute("role", "note");
      line.appendChild(el("span", "now-label", body.getAttribute("data-now") || "Now"));
      line.appendChild(doc.createTextNode(" "));
      line.appendChild(tm);
      line.style.gridRow = String(row);
      one(".grid", day).appendChild(line);
      var tab = auto && day.hidden && one('[aria-controls="' + day.id + '"]');
      if (tab) tab.click();
      if (auto) line.scrollIntoView({ block: "center" });
    });
  }
  var nn = one("[data-now-next]");
  function nowNext() {
    index().then(function (ix) {
      if (!ix) return;
      var now = Date.now(), tz = ix.timezone || undefined;
      var days = [ymd(new Date(now), tz), ymd(new Date(now - 864e5), tz)], names = [];
      (ix.days || []).forEach(function (d) { if (days.indexOf(d.date) >= 0) names = names.concat(d.parts); });
      return parts(names).then(function (talks) {
        var on = talks.filter(function (t) { return ms(t.start) <= now && now < ms(t.end); });
        var soon = Math.min.apply(null, talks.map(function (t) { return ms(t.start) > now ? ms(t.start) : Infinity; }));
        var next = talks.filter(function (t) { return ms(t.start) === soon; });
        [["[data-now-list]", on], ["[data-next-list]", next]].forEach(function (p) {
          var ul = one(p[0], nn);
          ul.textContent = "";
          p[1].slice(0, 24).forEach(function (t) { ul.appendChild(item(t, t.part)); });
          ul.hidden = ul.previousElementSibling.hidden = !p[1].length;
        });
        nn.hidden = !on.length && !next.length;
        stars();
        times();
      });
    });
  }

  paint();
  times();
  nowLine(true);
  if (nn) nowNext();
  setInterval(function () { nowLine(); filter(); if (nn) nowNext(); times(); }, 6e4);
})();
