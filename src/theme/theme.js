/* talkgen built-in theme: small enhancements; every page works without them.
   On the schedule, the day links become tabs showing one day at a time (the day in the
   address, else today when the conference is on, else the first), and a print button. */
(function () {
  "use strict";
  var print = document.querySelectorAll("[data-print]");
  for (var p = 0; p < print.length; p++) {
    print[p].hidden = false;
    print[p].addEventListener("click", function () { window.print(); });
  }
  var nav = document.querySelector(".day-tabs");
  if (!nav) return;
  var links = [].slice.call(nav.querySelectorAll("a"));
  var panels = links.map(function (a) {
    var h = a.getAttribute("href") || "", i = h.indexOf("#");
    var target = i < 0 ? null : document.getElementById(decodeURIComponent(h.slice(i + 1)));
    return target && target.closest(".schedule-day");
  });
  // Links to other pages (one day per page on large sites) stay links.
  if (!links.length || panels.some(function (x) { return !x; })) return;
  var list = nav.querySelector("ul");
  list.setAttribute("role", "tablist");
  links.forEach(function (a, i) {
    var id = a.getAttribute("href").split("#")[1];
    a.parentNode.setAttribute("role", "presentation");
    a.setAttribute("role", "tab");
    a.id = "tab-" + id;
    panels[i].id = "panel-" + id;
    a.setAttribute("aria-controls", panels[i].id);
    a.removeAttribute("aria-current");
    panels[i].setAttribute("role", "tabpanel");
    panels[i].setAttribute("aria-labelledby", a.id);
    a.addEventListener("click", function (e) {
      e.preventDefault();
      show(i, false);
      history.replaceState(null, "", "#" + id);
    });
    a.addEventListener("keydown", function (e) {
      var k = e.key, n = links.length, j = -1;
      if (k === "ArrowRight") j = (i + 1) % n;
      else if (k === "ArrowLeft") j = (i + n - 1) % n;
      else if (k === "Home") j = 0;
      else if (k === "End") j = n - 1;
      if (j < 0) return;
      e.preventDefault();
      show(j, true);
      history.replaceState(null, "", "#" + links[j].getAttribute("href").split("#")[1]);
    });
  });
  function show(i, focus) {
    links.forEach(function (a, j) {
      var on = i === j;
      a.setAttribute("aria-selected", on ? "true" : "false");
      a.tabIndex = on ? 0 : -1;
      panels[j].hidden = !on;
    });
    if (focus) links[i].focus();
  }
  function pick() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var el = hash && document.getElementById(hash);
    var panel = el && el.closest(".schedule-day");
    var i = panel ? panels.indexOf(panel) : -1;
    if (i < 0) {
      var d = new Date(), m = d.getMonth() + 1, day = d.getDate();
      var today = "day-" + d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
      i = links.map(function (a) { return a.getAttribute("href").split("#")[1]; }).indexOf(today);
    }
    show(i < 0 ? 0 : i, false);
    if (el && el !== panel.querySelector("h2")) el.scrollIntoView();
  }
  pick();
  window.addEventListener("hashchange", pick);
})();
