// PostTrace service worker: the app shell and the last copy of every page seen, for use offline.
// Pages and lookups go to the network first; only when it cannot be reached is the copy kept on this
// device shown, with the page's offline note uncovered and stamped with the time the copy was saved.
"use strict";
var SHELL = "posttrace-shell-v1", PAGES = "posttrace-pages-v1";
var SHELL_FILES = ["/assets/style.css", "/assets/page.js", "/assets/favicon.svg", "/assets/icon-192.png"];
var SAVED_HEADER = "X-PostTrace-Saved";
// The exact markup PageLayout writes for the note (see PageLayout.render).
var NOTE = '<p id="offline-note" class="offline" role="status" hidden';

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== SHELL && n !== PAGES; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(url) {
  return url.pathname === "/" || url.pathname === "/my" || url.pathname === "/track" || url.pathname === "/check"
      || url.pathname.indexOf("/t/") === 0 || url.pathname.indexOf("/contacts") === 0 || url.pathname.indexOf("/lanes/") === 0;
}

// Keeps a successful HTML answer with the time it was saved.
function keep(request, response) {
  if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) return Promise.resolve();
  return response.clone().arrayBuffer().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED_HEADER, new Date().toISOString());
    return caches.open(PAGES).then(function (cache) { return cache.put(request, new Response(body, { status: 200, headers: headers })); });
  });
}

function fromDevice(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request).then(function (hit) {
      // My parcels in another language is still the reader's list.
      return hit || (new URL(request.url).pathname === "/my" ? cache.match("/my", { ignoreSearch: true }) : undefined);
    });
  }).then(function (hit) {
    if (!hit) return Response.error();
    var saved = hit.headers.get(SAVED_HEADER) || "";
    return hit.text().then(function (html) {
      html = html.replace(NOTE, '<p id="offline-note" class="offline" role="status" data-saved="' + saved.replace(/[^0-9TZ:.\-]/g, "") + '"');
      return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (isPage(url)) {
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(keep(request, response));
      return response;
    }, function () { return fromDevice(request); }));
  } else if (url.pathname.indexOf("/assets/") === 0) {
    // The shell: the network when it answers (fresh after an update), else the copy.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) { var copy = response.clone(); event.waitUntil(caches.open(SHELL).then(function (c) { return c.put(request, copy); })); }
      return response;
    }, function () { return caches.match(request); }));
  }
});

// A page asks for a copy of itself (or of a followed parcel) before the worker controlled it.
self.addEventListener("message", function (event) {
  var url = event.data && event.data.keep;
  if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
  var request = new Request(url);
  event.waitUntil(fetch(request).then(function (response) { return keep(request, response); }, function () {}));
});
