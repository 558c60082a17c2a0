// The portal's service worker: keeps the app shell (the offline page, the field
// forms, the stylesheet and scripts) and nothing else. It never stores a page
// or an API answer of a signed-in user: the outbox lives in the page
// (static/js/outbox.js), and only what the collaborator submitted waits there.
"use strict";
const VERSION = {{ version|safe }};
const SHELL = {{ shell|safe }};
const CACHE = "ctxh-shell-" + VERSION;

self.addEventListener("install", (event) => {
  // Signed out on purpose: the shell pages carry no user's data.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(SHELL.map((url) =>
        fetch(url, { credentials: "omit", cache: "no-store" }).then((response) => {
          if (!response.ok) throw new Error(url + " " + response.status);
          return cache.put(url, response);
        })
      ))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith("ctxh-shell-") && n !== CACHE).map((n) => caches.delete(n))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The network first, always; the cached shell only when there is none.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) =>
          cache.match(url.pathname === "/field/" ? "/field/" : "/offline/")
        )
      )
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(url.pathname).then((hit) => hit || fetch(request))
      )
    );
  }
});

// Background Sync where the browser has it: wake a page to send the outbox.
self.addEventListener("sync", (event) => {
  if (event.tag !== "ctxh-outbox") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((clients) =>
      clients.forEach((client) => client.postMessage({ type: "outbox-flush" }))
    )
  );
});
