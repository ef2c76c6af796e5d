// PostTrace page enhancement: everything but following parcels works without it.
// Sentences come from the page (data- attributes written from the catalogue in the reader's language).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var STORE = "posttrace.parcels", SAVED = "posttrace.my";

  function followed() {
    try { var list = JSON.parse(localStorage.getItem(STORE) || "[]"); return Array.isArray(list) ? list : []; }
    catch (e) { return []; }
  }
  // Every change of the list reaches the service worker (the names it titles notifications with) and, when
  // notifications are on, the server (the numbers it pushes about).
  function keep(list) { localStorage.setItem(STORE, JSON.stringify(list)); tellWorker(list); syncPush(); }
  function tellWorker(list) {
    if (!("serviceWorker" in navigator)) return;
    var names = {};
    (list || followed()).forEach(function (p) { if (p.name) names[p.number] = p.name; });
    navigator.serviceWorker.ready.then(function (r) { if (r.active) r.active.postMessage({ names: names }); });
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function lang() { return document.documentElement.lang || "en"; }
  function dateTime(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return iso;
    try { return d.toLocaleString(lang(), { dateStyle: "medium", timeStyle: "short" }); } catch (e) { return d.toLocaleString(); }
  }
  // A scan's time as the office wrote it (its own date, clock and UTC offset), as the parcel page shows it:
  // converting to the reader's zone would move scans across midnight.
  function officeTime(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso || "");
    if (!m) return iso || "";
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
    var text;
    try { text = d.toLocaleString(lang(), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }); } catch (e) { text = d.toISOString(); }
    return text + " UTC" + (m[6] === "Z" ? "" : m[6]);
  }
  // A calendar date (YYYY-MM-DD, the destination's local date) as the reader writes it, never shifted by time zones.
  function day(date) {
    var p = String(date).split("-"), d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
    try { return d.toLocaleDateString(lang(), { month: "long", day: "numeric", timeZone: "UTC" }); } catch (e) { return date; }
  }
  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }
  // Asks the service worker to keep a copy of a page for offline use (it stamps the copy with the time).
  function keepOffline(url) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ keep: url });
    });
  }

  // The note the service worker uncovers when it answers from this device's copy.
  function offlineNote() {
    var note = document.getElementById("offline-note");
    if (!note || note.hidden || !note.dataset.saved) return;
    note.textContent = fill(note.dataset.text, { date: dateTime(note.dataset.saved) });
  }

  // Ctrl+Enter (or Cmd+Enter) in the numbers box submits the form.
  function numbersBox() {
    var box = document.getElementById("numbers");
    if (!box || !box.form) return;
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        box.form.requestSubmit ? box.form.requestSubmit() : box.form.submit();
      }
    });
  }

  // "Follow on this device" on a parcel's page.
  function followControls() {
    Array.prototype.forEach.call(document.querySelectorAll(".app-follow"), function (box) {
      var number = box.dataset.number, form = box.querySelector("form"), state = box.querySelector(".app-following");
      function show() {
        var on = followed().some(function (p) { return p.number === number; });
        form.hidden = on; state.hidden = !on;
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var list = followed().filter(function (p) { return p.number !== number; });
        list.unshift({ number: number, name: form.elements.name.value.trim().slice(0, 80), since: new Date().toISOString() });
        keep(list);
        keepOffline(location.pathname + location.search);
        show();
      });
      box.querySelector(".app-unfollow").addEventListener("click", function () {
        keep(followed().filter(function (p) { return p.number !== number; }));
        show();
      });
      box.hidden = false;
      show();
    });
  }

  // My parcels: one batch lookup for every followed number, newest change first; the last answer is kept
  // on the device and shown when the server cannot be reached.
  function myParcels() {
    var root = document.getElementById("my-parcels");
    if (!root) return;
    var t = root.dataset, list = root.querySelector(".my-list"), status = root.querySelector(".my-status");
    root.hidden = false;

    function draw(results) {
      var names = {};
      followed().forEach(function (p) { names[p.number] = p.name; });
      var rows = results.filter(function (r) { return r.number && r.number in names; });
      rows.sort(function (a, b) {
        var x = a.timeline && a.timeline.last_update || "", y = b.timeline && b.timeline.last_update || "";
        return x < y ? 1 : x > y ? -1 : 0;
      });
      list.textContent = "";
      if (!rows.length) { status.textContent = t.empty; return; }
      rows.forEach(function (r) {
        var item = element("li", "my-item"), tl = r.timeline, heading = element("h2");
        var link = element("a", null, names[r.number] || r.number);
        link.href = "/t/" + r.number + "?lang=" + encodeURIComponent(t.lang);
        heading.appendChild(link);
        if (names[r.number]) { heading.appendChild(document.createTextNode(" ")); var n = element("span", "number", r.number); n.dir = "ltr"; heading.appendChild(n); }
        item.appendChild(heading);
        if (tl) {
          item.appendChild(element("p", "my-state", tl.status_title + " · " + tl.explanation.headline));
          var last = tl.events && tl.events[tl.events.length - 1];
          if (last) item.appendChild(element("p", "my-last", t.lastScan + ": " + officeTime(last.time) + " · " + last.title));
          var e = tl.estimated_delivery;
          if (e) item.appendChild(element("p", "my-expected", fill(t.expected, { earliest: day(e.earliest), latest: day(e.latest) })));
        } else {
          item.appendChild(element("p", "my-state", t.noRecord));
        }
        var remove = element("button", "my-unfollow", t.unfollow);
        remove.type = "button";
        remove.addEventListener("click", function () {
          keep(followed().filter(function (p) { return p.number !== r.number; }));
          draw(results);
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }

    function saved() {
      try { return JSON.parse(localStorage.getItem(SAVED) || "null"); } catch (e) { return null; }
    }

    function refresh() {
      var numbers = followed().map(function (p) { return p.number; });
      if (!numbers.length) { list.textContent = ""; status.textContent = t.empty; return; }
      status.textContent = "";
      fetch("/v1/trackings/batch?lang=" + encodeURIComponent(t.lang), {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ numbers: numbers })
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (answer) {
        localStorage.setItem(SAVED, JSON.stringify({ at: new Date().toISOString(), results: answer.results }));
        draw(answer.results);
        numbers.forEach(function (n) { keepOffline("/t/" + n + "?lang=" + encodeURIComponent(t.lang)); });
      }).catch(function () {
        var last = saved();
        if (last) { draw(last.results); status.textContent = fill(t.refreshFailed, { date: dateTime(last.at) }); }
        else status.textContent = fill(t.refreshFailed, { date: "—" });
      });
    }

    root.querySelector(".my-refresh").addEventListener("click", refresh);
    var last = saved();
    if (last) draw(last.results);
    refresh();
  }

  // Web Push: one browser subscription, registered with the followed numbers. A change of the list registers
  // anew and then deletes the old registration (its id is the only handle to it).
  var PUSH = "posttrace.push";
  function pushState() { try { return JSON.parse(localStorage.getItem(PUSH) || "null"); } catch (e) { return null; } }
  function bytes(base64url) {
    var s = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function unregister(id) {
    return id ? fetch("/v1/push/subscriptions/" + encodeURIComponent(id), { method: "DELETE" }).catch(function () {}) : Promise.resolve();
  }
  function register(subscription) {
    var numbers = followed().map(function (p) { return p.number; }), old = pushState();
    if (!numbers.length) { localStorage.removeItem(PUSH); return unregister(old && old.id); }
    return fetch("/v1/push/subscriptions", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ subscription: subscription.toJSON(), numbers: numbers.slice(0, 50), lang: lang() })
    }).then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); }).then(function (made) {
      localStorage.setItem(PUSH, JSON.stringify({ id: made.id }));
      return unregister(old && old.id);
    });
  }
  function syncPush() {
    if (!pushState() || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (r) { return r.pushManager.getSubscription(); })
      .then(function (subscription) { if (subscription) return register(subscription); }).catch(function () {});
  }
  function notifyControls() {
    var box = document.querySelector(".my-notify");
    if (!box) return;
    var on = box.querySelector(".notify-on"), off = box.querySelector(".notify-off"), status = box.querySelector(".notify-status");
    box.hidden = false;
    function show() {
      var active = !!pushState();
      on.hidden = active; off.hidden = !active;
      status.textContent = active ? box.dataset.on : (window.Notification && Notification.permission === "denied" ? box.dataset.blocked : "");
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) {
      on.hidden = true; off.hidden = true; status.textContent = box.dataset.unsupported; return;
    }
    on.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { show(); return; }
        return navigator.serviceWorker.ready.then(function (registration) {
          return fetch("/v1/push/vapid-public-key").then(function (r) { return r.json(); }).then(function (key) {
            return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key.public_key) });
          });
        }).then(register).then(show);
      }).catch(function () { status.textContent = box.dataset.unsupported; });
    });
    off.addEventListener("click", function () {
      var state = pushState();
      localStorage.removeItem(PUSH);
      unregister(state && state.id);
      navigator.serviceWorker.ready.then(function (r) { return r.pushManager.getSubscription(); })
        .then(function (s) { if (s) s.unsubscribe(); }).catch(function () {});
      show();
    });
    show();
  }

  // "Open my parcels on another device": a private link made by the server (it keeps only the token's hash and
  // the numbers). Names given to parcels travel only in the link's fragment, which browsers never send.
  var SHARES = "posttrace.shares";
  function shares() {
    try { var list = JSON.parse(localStorage.getItem(SHARES) || "[]"); return Array.isArray(list) ? list : []; }
    catch (e) { return []; }
  }
  function encodeNames(names) {
    return btoa(unescape(encodeURIComponent(JSON.stringify(names)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function decodeNames(hash) {
    var m = /(?:^#|&)names=([A-Za-z0-9_-]+)/.exec(hash || "");
    if (!m) return {};
    try {
      var names = JSON.parse(decodeURIComponent(escape(atob(m[1].replace(/-/g, "+").replace(/_/g, "/")))));
      return names && typeof names === "object" ? names : {};
    } catch (e) { return {}; }
  }
  function shareControls() {
    var box = document.querySelector(".my-share");
    if (!box) return;
    var t = box.dataset, list = box.querySelector(".share-list"), status = box.querySelector(".share-status");
    function draw() {
      list.textContent = "";
      shares().forEach(function (s, i) {
        var item = element("li", "share-item"), id = "share-link-" + i;
        item.appendChild(element("p", "share-made", fill(t.made, { date: dateTime(s.at), count: s.count })));
        var label = element("label", null, t.label); label.htmlFor = id; item.appendChild(label);
        var input = element("input", "share-link"); input.id = id; input.readOnly = true; input.value = s.link; input.dir = "ltr";
        input.addEventListener("focus", function () { input.select(); });
        item.appendChild(input);
        var qr = element("img", "share-qr"); qr.src = "/s/" + encodeURIComponent(s.token) + "/qr.svg"; qr.alt = t.qr;
        item.appendChild(qr);
        if (s.link.indexOf("#") >= 0) item.appendChild(element("p", "share-names", t.names));
        var revoke = element("button", "share-revoke", t.revoke); revoke.type = "button";
        revoke.addEventListener("click", function () {
          fetch("/v1/shares/" + encodeURIComponent(s.token), { method: "DELETE" }).then(function (r) {
            if (r.status !== 204 && r.status !== 404) throw new Error("HTTP " + r.status);
            localStorage.setItem(SHARES, JSON.stringify(shares().filter(function (x) { return x.token !== s.token; })));
            draw(); status.textContent = t.revoked;
          }).catch(function () { status.textContent = t.failed; });
        });
        item.appendChild(revoke);
        list.appendChild(item);
      });
    }
    box.querySelector(".share-make").addEventListener("click", function () {
      var parcels = followed().slice(0, 50);
      if (!parcels.length) { status.textContent = t.nothing; return; }
      status.textContent = "";
      fetch("/v1/shares", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ numbers: parcels.map(function (p) { return p.number; }) })
      }).then(function (r) { if (r.status !== 201) throw new Error("HTTP " + r.status); return r.json(); }).then(function (made) {
        var names = {}, named = false;
        parcels.forEach(function (p) { if (p.name) { names[p.number] = p.name; named = true; } });
        var link = (made.link.charAt(0) === "/" ? location.origin : "") + made.link + (named ? "#names=" + encodeNames(names) : "");
        var list = shares();
        list.unshift({ token: made.token, link: link, at: made.created_at, count: made.numbers.length });
        localStorage.setItem(SHARES, JSON.stringify(list));
        draw();
        // The server takes at most 50 numbers a link; say so rather than leave the rest out silently.
        if (followed().length > parcels.length) status.textContent = t.capped;
      }).catch(function () { status.textContent = t.failed; });
    });
    draw();
  }

  // A shared link's page: adds its parcels (with the names carried in the fragment) to this device's list.
  function shareAdd() {
    var box = document.getElementById("share-add");
    if (!box) return;
    var names = decodeNames(location.hash), numbers = box.dataset.numbers.split(" ").filter(Boolean);
    Array.prototype.forEach.call(document.querySelectorAll(".share-numbers li"), function (li) {
      var name = names[li.dataset.number];
      if (typeof name === "string" && name) li.insertBefore(document.createTextNode(name.slice(0, 80) + " · "), li.firstChild);
    });
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      var list = followed(), have = {};
      list.forEach(function (p) { have[p.number] = true; });
      numbers.slice().reverse().forEach(function (n) {
        if (have[n]) return;
        var name = typeof names[n] === "string" ? names[n].slice(0, 80) : "";
        list.unshift({ number: n, name: name, since: new Date().toISOString() });
      });
      keep(list);
      box.querySelector(".share-added").textContent = box.querySelector(".share-added-text").content.textContent;
      box.querySelector(".share-my").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    offlineNote();
    numbersBox();
    followControls();
    myParcels();
    notifyControls();
    shareControls();
    shareAdd();
    tellWorker();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js").then(function () {
        // The first visit is not yet controlled: ask the worker for a stamped copy of this page.
        if (!navigator.serviceWorker.controller) keepOffline(location.pathname + location.search);
      }).catch(function () {});
    }
  });
})();
