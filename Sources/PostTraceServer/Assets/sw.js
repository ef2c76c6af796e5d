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
  // A page that must not be stored (a shared link's, which carries its token) is never copied to the device.
  if (/no-store/i.test(response.headers.get("Cache-Control") || "")) return Promise.resolve();
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

// The names people gave their parcels live on the device; pages hand them over to title notifications.
var NAMES = "/__posttrace/names";

// A push from the server (RFC 8030), already decrypted by the browser: one parcel's change, in the
// subscriber's language. The title is the person's own name for the parcel when there is one.
self.addEventListener("push", function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (e) { return; }
  if (!message.number) return;
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.match(NAMES); })
    .then(function (hit) { return hit ? hit.json() : {}; }).catch(function () { return {}; })
    .then(function (names) {
      var name = names[message.number];
      return self.registration.showNotification(name ? name + " · " + message.number : message.number, {
        body: message.body || "", lang: message.lang, dir: message.dir || "auto", tag: message.number, renotify: true,
        icon: "/assets/icon-192.png", data: { url: message.url || "/t/" + message.number }
      });
    }));
});

// Tapping a notification opens the parcel's page, in a window of the app already open when there is one.
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/my";
  if (url.charAt(0) !== "/" || url.charAt(1) === "/") url = "/my";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if ("navigate" in windows[i]) return windows[i].navigate(url).then(function (w) { return w && w.focus(); });
    }
    return self.clients.openWindow(url);
  }));
});

// A page asks for a copy of itself (or of a followed parcel) before the worker controlled it, or hands over names.
self.addEventListener("message", function (event) {
  if (event.data && event.data.names && typeof event.data.names === "object") {
    var names = JSON.stringify(event.data.names);
    event.waitUntil(caches.open(SHELL).then(function (cache) {
      return cache.put(NAMES, new Response(names, { headers: { "Content-Type": "application/json" } }));
    }));
    return;
  }
  var url = event.data && event.data.keep;
  if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
  var request = new Request(url);
  event.waitUntil(fetch(request).then(function (response) { return keep(request, response); }, function () {}));
});
