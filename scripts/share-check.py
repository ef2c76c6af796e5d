#!/usr/bin/env python3
"""Checks "open my parcels on another device" in headless Chromium over the DevTools protocol, against a real
`posttrace serve`: device A (one browser profile) follows two parcels, one with a name, and makes a private link on
My parcels; device B (a fresh profile) opens the link, sees the parcels and the name carried in the link's fragment,
adds them and finds them in its own My parcels; A revokes the link and B's link then says it is gone. axe-core runs
on /my with a link shown, on the shared page and on the page of a revoked link. Prints one JSON report on stdout.

Usage: share-check.py POSTTRACE_BINARY NUMBER1 NUMBER2 LANG   (run with the venv of scripts/page-audit-venv.sh)"""
import importlib.util, json, os, shutil, socket, subprocess, sys, tempfile, time

spec = importlib.util.spec_from_file_location("page_audit", os.path.join(os.path.dirname(__file__), "page-audit.py"))
audit = importlib.util.module_from_spec(spec); spec.loader.exec_module(audit)
AXE = "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})" \
      ".then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

class Device:
    """One browser profile with one page."""
    def __init__(self):
        self.browser = audit.Browser()
        target = self.browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.browser.call("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True}, self.session)
        self.browser.call("Page.enable", {}, self.session)

    def go(self, url):
        self.browser.call("Page.navigate", {"url": url}, self.session)
        self.browser.wait_event("Page.loadEventFired", self.session)

    def evaluate(self, expr, await_promise=False): return self.browser.evaluate(self.session, expr, await_promise)

    def wait_for(self, expr, seconds=20):
        end = time.time() + seconds
        while time.time() < end:
            value = self.evaluate(expr)
            if value: return value
            time.sleep(0.2)
        return self.evaluate(expr)

    def axe(self):
        if not self.evaluate("typeof axe !== 'undefined'"): self.evaluate(audit.axe_source())
        return self.evaluate(AXE, True)

def main():
    binary, first, second, lang = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    work = tempfile.mkdtemp(prefix="posttrace-share-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--demo", "--db", os.path.join(work, "share.db"), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report, a, b = {}, None, None
    try:
        for _ in range(600):
            try: socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
            except OSError: time.sleep(0.1)
        a = Device()
        for number, name in [(first, "Present for Mum"), (second, "")]:
            a.go(f"{base}/t/{number}?lang={lang}")
            a.evaluate(f"document.querySelector('.app-follow input').value = {json.dumps(name)}; document.querySelector('.app-follow form').requestSubmit(); true")
        a.go(f"{base}/my?lang={lang}")
        report["shareOffered"] = a.wait_for("(s => s && s.offsetParent !== null && s.querySelector('.share-make') && s.textContent)(document.querySelector('.my-share'))")
        a.evaluate("document.querySelector('.share-make').click(); true")
        report["madeItems"] = a.wait_for("document.querySelectorAll('.share-item').length")
        link = a.evaluate("document.querySelector('.share-link').value")
        report["link"] = link
        report["qrLoaded"] = a.wait_for("(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('.share-qr'))", 10)
        report["qrAlt"] = a.evaluate("document.querySelector('.share-qr').alt")
        report["warning"] = a.evaluate("document.querySelector('.my-share .share-warning').textContent")
        report["namesNote"] = a.evaluate("(n => n && n.textContent)(document.querySelector('.share-names'))")
        report["remembered"] = a.evaluate("localStorage.getItem('posttrace.shares')")
        report["myViolations"] = a.axe()
        report["myScrollWidth"] = a.evaluate("document.documentElement.scrollWidth")

        # Device B reads pages in the language under test (the link itself names none: a recipient gets their own).
        address, _, fragment = link.partition("#")
        opened = f"{address}?lang={lang}" + (f"#{fragment}" if fragment else "")
        b = Device()
        b.go(opened)
        report["sharedDir"] = b.evaluate("document.documentElement.dir")
        report["sharedNumbers"] = b.evaluate("[...document.querySelectorAll('.share-numbers a')].map(a => a.textContent)")
        report["sharedText"] = b.wait_for("(l => l.textContent.includes('·') && l.textContent)(document.querySelector('.share-numbers'))", 10) \
            or b.evaluate("document.querySelector('.share-numbers').textContent")
        report["sharedViolations"] = b.axe()
        report["sharedScrollWidth"] = b.evaluate("document.documentElement.scrollWidth")
        b.evaluate("document.querySelector('#share-add button').click(); true")
        report["addedStatus"] = b.wait_for("document.querySelector('.share-added').textContent")
        report["followedOnB"] = b.evaluate("localStorage.getItem('posttrace.parcels')")
        b.go(f"{base}/my?lang={lang}")
        report["myItemsOnB"] = b.wait_for("document.querySelectorAll('.my-item').length >= 2 && document.querySelectorAll('.my-item').length")
        report["myTextOnB"] = b.evaluate("document.querySelector('.my-list').innerText")

        a.go(f"{base}/my?lang={lang}")
        a.wait_for("document.querySelectorAll('.share-item').length")
        a.evaluate("document.querySelector('.share-revoke').click(); true")
        report["revokedStatus"] = a.wait_for("document.querySelectorAll('.share-item').length === 0 && document.querySelector('.share-status').textContent")
        report["rememberedAfterRevoke"] = a.evaluate("localStorage.getItem('posttrace.shares')")

        b.go(opened)
        report["goneHeading"] = b.evaluate("document.querySelector('h1').textContent")
        report["goneText"] = b.evaluate("(p => p && p.textContent)(document.querySelector('.share-gone'))")
        report["goneListed"] = b.evaluate("document.querySelectorAll('.share-numbers li').length")
        report["goneViolations"] = b.axe()
        report["apiAfterRevoke"] = b.evaluate(f"fetch('/v1/shares/' + {json.dumps(link.split('/s/')[1].split('#')[0])}).then(r => r.status)", True)

        # Following 51 parcels: a link holds 50, and the page says so instead of leaving one out silently.
        def s10(serial):
            digits = f"{serial:08d}"
            check = 11 - sum(int(d) * w for d, w in zip(digits, [8, 6, 4, 2, 3, 5, 9, 7])) % 11
            return f"RR{digits}{0 if check == 10 else 5 if check == 11 else check}CN"
        many = [{"number": s10(10_000_000 + i), "name": "", "since": "2026-12-01T00:00:00Z"} for i in range(51)]
        a.evaluate(f"localStorage.setItem('posttrace.parcels', {json.dumps(json.dumps(many))}); true")
        a.go(f"{base}/my?lang={lang}")
        a.wait_for("(s => s && s.offsetParent !== null && s.querySelector('.share-make'))(document.querySelector('.my-share'))")
        a.evaluate("document.querySelector('.share-make').click(); true")
        report["cappedStatus"] = a.wait_for("document.querySelectorAll('.share-item').length === 1 && document.querySelector('.share-status').textContent")
        report["cappedCount"] = a.evaluate("JSON.parse(localStorage.getItem('posttrace.shares'))[0].count")
        report["cappedText"] = a.evaluate("document.querySelector('.my-share').dataset.capped")
    finally:
        for device in (a, b):
            if device: device.browser.close()
        if server.poll() is None:
            server.terminate()
            try: server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill(); server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))

if __name__ == "__main__":
    main()
