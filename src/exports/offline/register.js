// talkgen: registers the service worker that keeps the programme readable offline
// (docs/offline.md). Loaded with `defer` from every page; without JavaScript, or where service
// workers are not available (a site opened from disk, an old browser), it does nothing.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || location.protocol === "file:") return;
  // sw.js sits beside this script at the root of the site, whatever its base path: the worker's
  // scope is that folder, so relative links and sub-path sites work alike.
  var worker = new URL("sw.js", script.src);
  var scope = new URL("./", script.src);
  function register() {
    navigator.serviceWorker.register(worker.href, { scope: scope.href }).catch(function () {});
  }
  // After the page has loaded, so saving the programme never competes with showing it.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
