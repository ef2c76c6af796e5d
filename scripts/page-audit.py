#!/usr/bin/env python3
"""Audits pages in headless Chromium over the DevTools protocol: axe-core (WCAG 2.0/2.1 A and AA rules) and
horizontal overflow at a given viewport width. Prints one JSON object per URL on stdout.

Each object has the page's lang and dir, its visible text, and with --screenshots DIR a full-page PNG there.

Usage: page-audit.py --width 360 [--screenshots DIR] URL...   (needs websocket-client and axe-playwright-python's axe.min.js;
scripts/page-audit-venv.sh makes a venv with both)."""
import argparse, glob, json, os, shutil, subprocess, sys, tempfile, time

import websocket  # websocket-client

def axe_source():
    import axe_playwright_python
    base = os.path.dirname(axe_playwright_python.__file__)
    path = glob.glob(os.path.join(base, "**", "axe.min.js"), recursive=True)[0]
    return open(path, encoding="utf-8").read()

class Browser:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="posttrace-audit-")
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen([exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--remote-debugging-port=0", f"--user-data-dir={self.dir}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = os.path.join(self.dir, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(active) and len(open(active).read().split("\n")) >= 2: break
            time.sleep(0.1)
        port, path = open(active).read().split("\n")[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=120)
        self.next_id = 0

    def evaluate(self, session, expr, await_promise=False):
        """Runs `expr` in the page of `session`; its value (promises awaited when asked), or RuntimeError."""
        r = self.call("Runtime.evaluate", {"expression": expr, "awaitPromise": await_promise, "returnByValue": True}, session)
        if "exceptionDetails" in r: raise RuntimeError(json.dumps(r["exceptionDetails"])[:500])
        return r["result"].get("value")

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session: msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply: raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_event(self, name, session, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            reply = json.loads(self.ws.recv())
            if reply.get("method") == name and reply.get("sessionId") == session: return reply
        raise TimeoutError(name)

    def close(self):
        try: self.ws.close()
        finally:
            self.proc.terminate()
            try: self.proc.wait(10)
            except subprocess.TimeoutExpired: self.proc.kill()
            shutil.rmtree(self.dir, ignore_errors=True)

def audit(browser, url, width, axe, screenshots=None):
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600}, session)
    browser.call("Page.enable", {}, session)
    browser.call("Page.navigate", {"url": url}, session)
    browser.wait_event("Page.loadEventFired", session)
    def evaluate(expr, await_promise=False): return browser.evaluate(session, expr, await_promise)
    evaluate(axe)
    result = evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
                      ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))", True)
    scroll = evaluate("document.documentElement.scrollWidth")
    lang = evaluate("document.documentElement.lang")
    direction = evaluate("document.documentElement.dir")
    text = evaluate("document.body.innerText")
    shot = None
    if screenshots:
        import base64, re
        height = evaluate("document.documentElement.scrollHeight")
        browser.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1, "mobile": width < 600}, session)
        data = browser.call("Page.captureScreenshot", {"format": "png"}, session)["data"]
        shot = os.path.join(screenshots, re.sub(r"[^A-Za-z0-9]+", "_", url.split("//", 1)[-1].split("/", 1)[-1]) + f"-{width}.png")
        with open(shot, "wb") as f: f.write(base64.b64decode(data))
    browser.call("Target.closeTarget", {"targetId": target})
    return {"url": url, "violations": result, "scrollWidth": scroll, "lang": lang, "dir": direction, "text": text, "screenshot": shot}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=360)
    parser.add_argument("--screenshots")
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args()
    axe = axe_source()
    browser = Browser()
    try:
        for url in args.urls:
            print(json.dumps(audit(browser, url, args.width, axe, args.screenshots), ensure_ascii=False), flush=True)
    finally:
        browser.close()

if __name__ == "__main__":
    main()
