#!/usr/bin/env python3
"""Soak client for `make soak`: a mixed workload against a running `posttrace serve`, for SECONDS.

Workers (threads, keep-alive connections) draw requests by weight: lookups of stored numbers (uniform, and
Zipf-distributed so a few hot numbers repeat), batches of 20, the web page (item pages and the form's
results), NDJSON ingestion of new events and of scans for subscribed numbers, check-message, and subscription
management. Two webhook receivers run on loopback, one answering after 3 s and one failing with 500, so the
delivery worker meets both while the server serves. Every 10 s the server's RSS (anonymous and file-backed) is sampled from /proc.

Prints a report (requests, statuses, errors by kind, p50/p99 per kind, RSS samples) and writes it as JSON to
--report. Exits 1 when any answer is an error other than an intended 4xx/429 (any 5xx, a connection error, a
status the kind never answers) or when anonymous RSS grows 5 % or more after the first minute.
"""
import argparse, http.client, http.server, json, random, socketserver, sys, threading, time

INTENDED = {  # statuses each kind may answer without it being an error
    "lookup": {200, 404}, "lookup_zipf": {200, 404}, "batch": {200}, "page": {200}, "results": {200},
    "ingest": {200}, "ingest_subscribed": {200}, "check_message": {200}, "subscribe": {201, 429},
    "unsubscribe": {204, 404}, "invalid_number": {422}, "metrics": {200},
}
WEIGHTS = {"lookup": 30, "lookup_zipf": 25, "batch": 6, "page": 10, "results": 4, "ingest": 6, "ingest_subscribed": 3,
           "check_message": 8, "subscribe": 1, "unsubscribe": 1, "invalid_number": 4, "metrics": 1}
MESSAGES = [
    "USPS: Your package is on hold due to an unpaid fee. Pay $1.99 now at https://usps-redelivery.top/pay within 24 hours",
    "【中国邮政】您的包裹因地址不详无法派送，请点击 http://chinap0st.cc 更新地址",
    "Your EMS item EE123456785CN was delivered. Track it at https://www.ems.com.cn",
    "Votre colis est en attente. Réglez 2,99 € de frais de douane ici : https://laposte-suivi.info",
]


def check_digit(serial):
    weights = [8, 6, 4, 2, 3, 5, 9, 7]
    s = sum(int(d) * w for d, w in zip(f"{serial:08d}", weights))
    c = 11 - s % 11
    return 0 if c == 10 else 5 if c == 11 else c


def s10(prefix, serial, country):
    return f"{prefix}{serial:08d}{check_digit(serial)}{country}"


class Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook receiver: slow (answers 200 after `delay`) or failing (answers 500)."""
    protocol_version = "HTTP/1.1"
    delay, status, count, lock = 0.0, 200, None, None

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(self.delay)
        with self.lock:
            self.count[0] += 1
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start_receiver(delay, status):
    handler = type("R", (Receiver,), {"delay": delay, "status": status, "count": [0], "lock": threading.Lock()})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {k: [] for k in WEIGHTS}
        self.statuses = {k: {} for k in WEIGHTS}
        self.errors = []

    def record(self, kind, status, seconds, detail=""):
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[kind][status] = self.statuses[kind].get(status, 0) + 1
            if status not in INTENDED[kind] and len(self.errors) < 50:
                self.errors.append(f"{kind}: {status} {detail[:200]}")


class Worker(threading.Thread):
    def __init__(self, index, args, numbers, stats, stop, subscribed, receivers):
        super().__init__(daemon=True)
        self.rng = random.Random(args.seed * 1000 + index)
        self.index, self.args, self.numbers, self.stats, self.stop = index, args, numbers, stats, stop
        self.subscribed, self.receivers = subscribed, receivers
        self.conn, self.serial = None, 0
        self.kinds, self.weights = list(WEIGHTS), list(WEIGHTS.values())
        # Zipf over the stored numbers: rank r drawn with probability ∝ 1/r^1.1.
        self.zipf = [1 / (r ** 1.1) for r in range(1, min(len(numbers), 1000) + 1)]

    def request(self, kind, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close(); self.conn = None
        except Exception as error:  # a connection error is an error, never intended
            self.conn = None
            self.stats.record(kind, f"conn:{type(error).__name__}", time.perf_counter() - started, str(error))
            return None, b""
        self.stats.record(kind, status, time.perf_counter() - started, data.decode("utf-8", "replace"))
        return status, data

    def new_events(self, numbers, code="EMA"):
        lines = []
        for n in numbers:
            minute = self.rng.randrange(60)
            lines.append(json.dumps({"number": n, "code": code, "time": f"2026-11-2{self.rng.randrange(10)}T1{self.rng.randrange(10)}:{minute:02d}:00+08:00",
                                     "office": f"CNPEK{chr(65 + self.rng.randrange(26))}", "source": "soak"}))
        return "\n".join(lines).encode()

    def step(self):
        kind = self.rng.choices(self.kinds, self.weights)[0]
        if kind == "subscribe" and len(self.subscribed[2]) >= 90:
            # One key may hold 100 subscriptions (403 subscription-quota beyond): stay under it.
            kind = "unsubscribe"
        admin = {"Authorization": f"Bearer {self.args.key}"}
        if kind == "lookup":
            self.request(kind, "GET", f"/v1/trackings/{self.rng.choice(self.numbers)}", headers={"Accept-Encoding": "gzip"})
        elif kind == "lookup_zipf":
            n = self.numbers[self.rng.choices(range(len(self.zipf)), self.zipf)[0]]
            self.request(kind, "GET", f"/v1/trackings/{n}?lang={self.rng.choice(['en', 'zh-Hans', 'ar'])}")
        elif kind == "batch":
            self.request(kind, "POST", "/v1/trackings/batch", {"numbers": self.rng.sample(self.numbers, 20)})
        elif kind == "page":
            self.request(kind, "GET", f"/t/{self.rng.choice(self.numbers)}", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        elif kind == "results":
            self.request(kind, "GET", "/track?" + "&".join(f"n={n}" for n in self.rng.sample(self.numbers, 5)))
        elif kind == "ingest":
            fresh = []
            for _ in range(100):
                self.serial += 1
                fresh.append(s10("LP", 50_000_000 + self.index * 1_000_000 + self.serial, "CN"))
            self.request(kind, "POST", "/v1/events", self.new_events(fresh), {**admin, "Content-Type": "application/x-ndjson"})
        elif kind == "ingest_subscribed":
            with self.subscribed[1]:
                pool = list(self.subscribed[0])
            if pool:
                events = self.new_events(self.rng.sample(pool, min(5, len(pool))), code=self.rng.choice(["EMC", "EMD", "EDH"]))
                self.request(kind, "POST", "/v1/events", events, {**admin, "Content-Type": "application/x-ndjson"})
        elif kind == "check_message":
            self.request(kind, "POST", "/v1/check-message", {"text": self.rng.choice(MESSAGES)})
        elif kind == "subscribe":
            numbers = self.rng.sample(self.numbers, 3)
            url = self.rng.choice(self.receivers)
            status, data = self.request(kind, "POST", "/v1/subscriptions",
                                        {"numbers": numbers, "callback_url": url, "triggers": ["every_event"]}, admin)
            if status == 201:
                with self.subscribed[1]:
                    self.subscribed[0].update(numbers)
                    self.subscribed[2].append(json.loads(data)["id"])
        elif kind == "unsubscribe":
            with self.subscribed[1]:
                ids = self.subscribed[2]
                victim = ids.pop(self.rng.randrange(len(ids))) if len(ids) > 20 else None
            if victim:
                self.request(kind, "DELETE", f"/v1/subscriptions/{victim}", headers=admin)
        elif kind == "invalid_number":
            self.request(kind, "GET", "/v1/trackings/EL123456789CN")
        elif kind == "metrics":
            self.request(kind, "GET", "/metrics")

    def run(self):
        while not self.stop.is_set():
            self.step()


def rss_kib(pid):
    """(VmRSS, RssAnon, RssFile) in KiB. RssFile counts the pages of the SQLite file the readers map: they
    grow with the store, belong to the page cache and are given back under pressure, so a leak shows in
    RssAnon, the server's own memory, which is what the growth goal is judged on."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "RssAnon", "RssFile"):
                values[key] = int(line.split()[1])
    return values.get("VmRSS", 0), values.get("RssAnon", 0), values.get("RssFile", 0)


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--numbers", required=True, help="file of stored numbers, one a line")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report", required=True)
    parser.add_argument("--mix", choices=["full", "read"], default="full",
                        help="read: no ingestion and no subscription changes, to tell memory held for new data from a leak")
    args = parser.parse_args()
    if args.mix == "read":
        for kind in ("ingest", "ingest_subscribed", "subscribe", "unsubscribe"):
            WEIGHTS[kind] = 0
    numbers = [line.strip() for line in open(args.numbers) if line.strip()]
    slow, slow_handler = start_receiver(3.0, 200)
    failing, failing_handler = start_receiver(0.0, 500)
    receivers = [f"http://127.0.0.1:{slow.server_address[1]}/hook", f"http://127.0.0.1:{failing.server_address[1]}/hook"]
    stats, stop = Stats(), threading.Event()
    subscribed = (set(), threading.Lock(), [])
    workers = [Worker(i, args, numbers, stats, stop, subscribed, receivers) for i in range(args.workers)]
    started = time.time()
    for w in workers:
        w.start()
    samples = [(0, rss_kib(args.pid))]
    while time.time() - started < args.seconds:
        time.sleep(min(10, max(0.1, args.seconds - (time.time() - started))))
        samples.append((round(time.time() - started), rss_kib(args.pid)))
        with stats.lock:
            done = sum(len(v) for v in stats.latency.values())
        rss, anon, mapped = samples[-1][1]
        print(f"soak: {samples[-1][0]:4d} s  {done} requests  RSS {rss / 1024:.1f} MiB "
              f"(anonymous {anon / 1024:.1f}, file-backed {mapped / 1024:.1f})", flush=True)
    stop.set()
    for w in workers:
        w.join(35)
    elapsed = time.time() - started

    def growth_of(index, since=60):
        after_minute = [values[index] for t, values in samples if t >= since]
        return (max(after_minute) - after_minute[0]) / after_minute[0] * 100 if len(after_minute) > 1 and after_minute[0] else 0.0
    growth, total_growth, settled = growth_of(1), growth_of(0), growth_of(1, since=120)
    total = sum(len(v) for v in stats.latency.values())
    everything = [x for v in stats.latency.values() for x in v]
    kinds = {k: {"requests": len(stats.latency[k]), "statuses": {str(s): c for s, c in sorted(stats.statuses[k].items(), key=str)},
                 "p50_ms": round(percentile(stats.latency[k], 50) * 1000, 2), "p99_ms": round(percentile(stats.latency[k], 99) * 1000, 2)}
             for k in WEIGHTS}
    errors = sum(c for k in WEIGHTS for s, c in stats.statuses[k].items() if s not in INTENDED[k])
    report = {"mix": args.mix, "seconds": round(elapsed, 1), "workers": args.workers, "requests": total, "requests_per_second": round(total / elapsed, 1),
              "errors": errors, "error_examples": stats.errors[:10], "p50_ms": round(percentile(everything, 50) * 1000, 2),
              "p99_ms": round(percentile(everything, 99) * 1000, 2), "kinds": kinds,
              "rss_kib": [{"t": t, "rss": v[0], "anonymous": v[1], "file": v[2]} for t, v in samples],
              "anonymous_rss_growth_after_first_minute_percent": round(growth, 2),
              "rss_growth_after_first_minute_percent": round(total_growth, 2),
              "anonymous_rss_growth_after_second_minute_percent": round(settled, 2),
              "webhooks": {"slow_receiver_requests": slow_handler.count[0], "failing_receiver_requests": failing_handler.count[0],
                           "subscriptions_live": len(subscribed[2])}}
    json.dump(report, open(args.report, "w"), indent=1)
    print(f"soak: {total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s), errors {errors}, "
          f"p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, growth after the first minute: anonymous RSS {growth:.1f} %, "
          f"RSS with the mapped store {total_growth:.1f} %; anonymous RSS after the second minute {settled:.1f} %")
    for k, v in kinds.items():
        print(f"  {k:18s} {v['requests']:7d}  p50 {v['p50_ms']:8.2f} ms  p99 {v['p99_ms']:8.2f} ms  {v['statuses']}")
    print(f"  webhooks: slow receiver got {slow_handler.count[0]}, failing receiver got {failing_handler.count[0]}")
    for e in stats.errors[:10]:
        print(f"  error: {e}")
    sys.exit(1 if errors or growth >= 5 else 0)


if __name__ == "__main__":
    main()
