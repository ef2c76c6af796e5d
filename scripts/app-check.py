#!/usr/bin/env python3
"""Checks the installable app in headless Chromium over the DevTools protocol, against a real `posttrace serve`:
installability (Page.getInstallabilityErrors), the service worker controlling the page, following a parcel,
My parcels drawn from one batch lookup, axe-core on /my, and — after the server is stopped — /my and the
parcel's page opening from this device's copy with the offline note. Prints one JSON report on stdout.

Usage: app-check.py POSTTRACE_BINARY NUMBER LANG   (run with the venv of scripts/page-audit-venv.sh)"""
import importlib.util, json, os, shutil, signal, socket, subprocess, sys, tempfile, time

spec = importlib.util.spec_from_file_location("page_audit", os.path.join(os.path.dirname(__file__), "page-audit.py"))
audit = importlib.util.module_from_spec(spec); spec.loader.exec_module(audit)

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def registration_id(browser, session):
    """The page's service worker registration, from the DevTools ServiceWorker domain's events (they can arrive
    before or after the reply to enable, so this reads the socket itself)."""
    browser.next_id += 1
    browser.ws.send(json.dumps({"id": browser.next_id, "method": "ServiceWorker.enable", "params": {}, "sessionId": session}))
    end = time.time() + 20
    while time.time() < end:
        reply = json.loads(browser.ws.recv())
        if reply.get("method") == "ServiceWorker.workerRegistrationUpdated":
            for r in reply["params"]["registrations"]:
                if not r.get("isDeleted"): return r["registrationId"]
    raise TimeoutError("no service worker registration")

def main():
    binary, number, lang = sys.argv[1], sys.argv[2], sys.argv[3]
    work = tempfile.mkdtemp(prefix="posttrace-app-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--demo", "--db", os.path.join(work, "app.db"), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = {}
    browser = None
    try:
        for _ in range(600):
            try: socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
            except OSError: time.sleep(0.1)
        browser = audit.Browser()
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True}, session)
        browser.call("Page.enable", {}, session)
        def go(url):
            browser.call("Page.navigate", {"url": url}, session)
            browser.wait_event("Page.loadEventFired", session)
        def evaluate(expr, await_promise=False): return browser.evaluate(session, expr, await_promise)
        def wait_for(expr, seconds=20):
            end = time.time() + seconds
            while time.time() < end:
                value = evaluate(expr)
                if value: return value
                time.sleep(0.2)
            return evaluate(expr)

        parcel = f"{base}/t/{number}?lang={lang}"
        go(parcel)
        report["serviceWorkerReady"] = evaluate("navigator.serviceWorker.ready.then(r => !!r.active)", True)
        go(parcel)  # the second load is controlled by the worker
        report["controlled"] = bool(evaluate("!!navigator.serviceWorker.controller"))
        report["installabilityErrors"] = browser.call("Page.getInstallabilityErrors", {}, session).get("installabilityErrors")
        manifest = browser.call("Page.getAppManifest", {}, session)
        report["manifestErrors"] = manifest.get("errors")
        report["manifestURL"] = manifest.get("url")
        report["followVisible"] = evaluate("!document.querySelector('.app-follow').hidden && getComputedStyle(document.querySelector('.app-nojs')).display === 'none'")
        evaluate("document.querySelector('.app-follow input').value = 'Present for Mum'; document.querySelector('.app-follow form').requestSubmit(); true")
        report["followed"] = evaluate("localStorage.getItem('posttrace.parcels')")
        report["followingShown"] = evaluate("!document.querySelector('.app-following').hidden")

        # A push message as the browser hands it to the worker: the notification it shows carries the name
        # given to the parcel on this device and the body in the message's language.
        origin = base
        browser.call("Browser.grantPermissions", {"permissions": ["notifications"], "origin": origin})
        registration = registration_id(browser, session)
        time.sleep(0.5)  # the names reach the worker by message
        message = {"number": number, "title": number, "body": "Push body " + lang, "lang": lang, "dir": "auto",
                   "url": f"/t/{number}?lang={lang}", "type": "tracking.status_changed"}
        # Delivered again when nothing shows within 10 s: a loaded machine can drop a push handed to a worker that
        # is still starting; the worker tags notifications by number, so a repeat replaces the first one.
        report["notifications"] = None
        for _ in range(3):
            browser.call("ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration, "data": json.dumps(message)}, session)
            end = time.time() + 10
            while time.time() < end and not report["notifications"]:
                report["notifications"] = evaluate("navigator.serviceWorker.ready.then(r => r.getNotifications())"
                                                   ".then(ns => ns.map(n => ({title: n.title, body: n.body, url: n.data && n.data.url})))", True)
                time.sleep(0.2)
            if report["notifications"]:
                break

        go(f"{base}/my?lang={lang}")
        report["myItems"] = wait_for("document.querySelectorAll('.my-item').length")
        report["myText"] = evaluate("document.querySelector('.my-list').innerText")
        report["notifyOffered"] = evaluate("!document.querySelector('.my-notify').hidden && !document.querySelector('.notify-on').hidden")
        evaluate(audit.axe_source())
        report["myViolations"] = evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
                                          ".then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))", True)
        report["myScrollWidth"] = evaluate("document.documentElement.scrollWidth")
        # Let the worker finish storing copies asked for by /my, then take the server away.
        wait_for("caches.open('posttrace-pages-v1').then(c => c.keys()).then(k => k.length >= 2)", 10)
        server.send_signal(signal.SIGTERM); server.wait(30)

        go(f"{base}/my?lang={lang}")
        report["offlineMyNote"] = wait_for("(n => n && !n.hidden && n.textContent)(document.getElementById('offline-note'))", 10)
        report["offlineMyItems"] = wait_for("document.querySelectorAll('.my-item').length", 10)
        report["offlineMyStatus"] = wait_for("document.querySelector('.my-status').textContent", 10)
        go(parcel)
        report["offlineParcelNote"] = wait_for("(n => n && !n.hidden && n.textContent)(document.getElementById('offline-note'))", 10)
        report["offlineParcelText"] = evaluate("document.querySelector('main').innerText")[:400]
    finally:
        if browser: browser.close()
        if server.poll() is None:
            server.kill(); server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))

if __name__ == "__main__":
    main()
