// talkgen: this site keeps nothing offline (`offline: false` in conference.yaml, or a preview
// of `talkgen serve`). A worker installed by an earlier build is replaced by this one, which
// deletes the site's saved pages, unregisters itself and reloads the open pages from the network.
"use strict";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const prefix = "talkgen:" + self.registration.scope + ":";
      const keys = await caches.keys();
      await Promise.all(keys.filter((k) => k.startsWith(prefix)).map((k) => caches.delete(k)));
      await self.registration.unregister();
      const windows = await self.clients.matchAll({ type: "window" });
      windows.forEach((w) => w.navigate(w.url).catch(() => {}));
    })(),
  );
});
