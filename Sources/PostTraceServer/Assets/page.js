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
  function keep(list) { localStorage.setItem(STORE, JSON.stringify(list)); }
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

  document.addEventListener("DOMContentLoaded", function () {
    offlineNote();
    numbersBox();
    followControls();
    myParcels();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js").then(function () {
        // The first visit is not yet controlled: ask the worker for a stamped copy of this page.
        if (!navigator.serviceWorker.controller) keepOffline(location.pathname + location.search);
      }).catch(function () {});
    }
  });
})();
