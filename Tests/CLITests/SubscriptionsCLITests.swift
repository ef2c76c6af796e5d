import Foundation
import Testing
import TestSupport

@Suite("posttrace subscriptions and webhook delivery across a crash", .serialized, .scratch)
struct SubscriptionsCLITests {
    @Test("create, list, show and delete a subscription on an SQLite file")
    func lifecycle() async throws {
        let db = cliTempDir().appendingPathComponent("s.db").path
        let created = try await CLI.launch(["subscriptions", "create", "--db", db, "--url", "http://127.0.0.1:9/hook", "--allow-loopback",
                                                       "--notify", "every_event,stale", "--json", "EE123456785CN", "rr 123 456 785 de"])
        #expect(created.status == 0, "\(created.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        #expect((object["secret"] as? String)?.hasPrefix("whsec_") == true)
        #expect(object["numbers"] as? [String] == ["EE123456785CN", "RR123456785DE"])
        #expect(object["triggers"] as? [String] == ["every_event", "stale"])
        #expect(created.stderr.contains("shown only now"))
        let list = try await CLI.launch(["subscriptions", "list", "--db", db])
        #expect(list.status == 0 && list.stdout.contains(id) && list.stdout.contains("every_event,stale"))
        let show = try await CLI.launch(["subscriptions", "show", id, "--db", db, "--json"])
        #expect(show.status == 0 && show.stdout.contains("\"deliveries\"") && !show.stdout.contains("whsec_"))
        let test = try await CLI.launch(["subscriptions", "test", id, "--db", db])
        #expect(test.status == 0 && test.stdout.hasPrefix("queued dlv_"), "\(test.stderr)")
        let queued = try await CLI.launch(["subscriptions", "show", id, "--db", db, "--json"])
        #expect(queued.stdout.contains("tracking.test"))
        #expect(try await CLI.launch(["subscriptions", "delete", id, "--db", db]).status == 0)
        let gone = try await CLI.launch(["subscriptions", "show", id, "--db", db])
        #expect(gone.status == 1 && gone.stderr.contains("no subscription"))
    }

    @Test("with --secrets-key-file the store keeps secrets sealed; seal-secrets seals the ones from before")
    func sealedSecrets() async throws {
        let dir = cliTempDir()
        let db = dir.appendingPathComponent("sealed.db").path
        let key = dir.appendingPathComponent("secrets.key")
        try (Data((0..<32).map { UInt8($0) }).base64EncodedString() + "\n").write(to: key, atomically: true, encoding: .utf8)
        func create(_ extra: [String]) async throws -> String {
            let run = try await CLI.launch(["subscriptions", "create", "--db", db, "--url", "http://127.0.0.1:9/hook", "--allow-loopback",
                                                       "--json", "EE123456785CN"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require(object["secret"] as? String)
        }
        func stored() async throws -> [String] {
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            sqlite.arguments = [db, "SELECT secret FROM subscriptions ORDER BY created_at, id"]
            let out = Pipe()
            sqlite.standardOutput = out
            try sqlite.run()
            let text = try await offPool { let data = out.fileHandleForReading.readDataToEndOfFile(); sqlite.waitUntilExit(); return String(decoding: data, as: UTF8.self) }
            return text.split(separator: "\n").map(String.init)
        }
        let plain = try await create([])
        let sealed = try await create(["--secrets-key-file", key.path])
        let before = try await stored()
        #expect(before.count == 2 && before.contains(plain) && !before.contains(sealed))
        #expect(before.filter { $0.hasPrefix("enc1:") }.count == 1)
        let seal = try await CLI.launch(["subscriptions", "seal-secrets", "--db", db],
                                                   environment: ["POSTTRACE_SECRETS_KEY_FILE": key.path])
        #expect(seal.status == 0 && seal.stdout.contains("sealed 1 signing secret"), "\(seal.stderr)")
        let after = try await stored()
        #expect(after.allSatisfy { $0.hasPrefix("enc1:") } && !after.contains(plain))
        let again = try await CLI.launch(["subscriptions", "seal-secrets", "--db", db, "--secrets-key-file", key.path])
        #expect(again.stdout.contains("sealed 0 signing secrets"))
    }

    @Test("bad input gets the right exit status and a clear message", arguments: [
        (["create", "--url", "http://127.0.0.1:9/", "EE123456785CN"], Int32(65), "callback_url_host_denied"),
        (["create", "--url", "ftp://example.com/", "EE123456785CN"], 65, "callback_url_scheme"),
        (["create", "--url", "https://user:pw@example.com/", "EE123456785CN"], 65, "callback_url_credentials"),
        (["create", "--url", "http://127.0.0.1:9/", "--allow-loopback", "EE123456784CN"], 65, "EE123456784CN"),
        (["create", "--url", "http://127.0.0.1:9/", "--allow-loopback", "--notify", "sometimes", "EE123456785CN"], 65, "unknown-trigger"),
        (["create", "EE123456785CN"], 64, "--url is required"),
        (["create", "--url", "http://127.0.0.1:9/"], 64, "at least one tracking number"),
        (["create", "--url", "http://x/", "--allow-host", "a b", "EE123456785CN"], 64, "not a host name"),
        (["frobnicate"], 64, "unknown action"),
        ([], 64, "say create"),
        (["show"], 64, "say which subscription"),
        (["test"], 64, "say which subscription"),
        (["test", "sub_nope"], 1, "no subscription"),
        (["delete", "sub_nope"], 1, "no subscription"),
        (["seal-secrets"], 64, "needs --secrets-key-file"),
        (["seal-secrets", "--secrets-key-file", "/nonexistent/key"], 64, "cannot read --secrets-key-file"),
        (["create", "--url", "http://127.0.0.1:9/", "--allow-loopback", "--secrets-key-file", "/etc/hostname", "EE123456785CN"], 64,
         "Base64 of 32 random bytes"),
    ])
    func hostile(args: [String], status: Int32, message: String) async throws {
        let db = cliTempDir().appendingPathComponent("h.db").path
        let run = try await CLI.launch(["subscriptions"] + args + ["--db", db])
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test("kill -9 of posttrace serve with deliveries pending loses nothing; duplicates keep their delivery id")
    func crashLosesNothing() async throws {
        let dir = cliTempDir()
        let db = dir.appendingPathComponent("crash.db").path
        let receiver = try await offPool { try PythonReceiver(dir: dir, status: 500) }
        defer { receiver.stop() }
        let created = try await CLI.launch(["subscriptions", "create", "--db", db, "--url", "http://127.0.0.1:\(receiver.port)/hook",
                                   "--allow-loopback", "--notify", "every_event", "--json", "EE123456785CN"])
        #expect(created.status == 0, "\(created.stderr)")
        let subscription = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        try (subscription["secret"] as? String ?? "").write(to: receiver.secretFile, atomically: true, encoding: .utf8)
        let id = try #require(subscription["id"] as? String)

        var server = try await startServe(db: db)
        let lines = ["EMA", "EMB", "EMC", "EMJ"].enumerated().map { i, code in
            #"{"number":"EE123456785CN","code":"\#(code)","time":"2026-03-0\#(i + 1)T09:10:00+08:00","office":"CNPEKA"}"#
        }
        let events = dir.appendingPathComponent("events.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: events, atomically: true, encoding: .utf8)
        let imported = try await CLI.launch(["import", "--db", db, events.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(await receiver.wait(seconds: 20) { $0.count >= 2 }, "the worker is trying (and failing)")
        server.kill9()
        receiver.setStatus(200)
        server = try await startServe(db: db)
        defer { server.kill9() }
        let outbox = try await waitDelivered(db: db, id: id, count: 4)
        let received = receiver.requests()
        let okIDs = received.filter { $0.status == 200 }.map(\.id)
        #expect(Set(okIDs) == Set(outbox.map(\.id)), "every stored delivery arrived")
        #expect(received.allSatisfy { r in outbox.contains { $0.id == r.id } }, "no unknown ids: duplicates only with the same id")
        #expect(received.allSatisfy { $0.signatureValid }, "every request verifies with the subscription's secret")
        var firstOK: [String] = []
        for r in received where r.status == 200 && !firstOK.contains(r.id) { firstOK.append(r.id) }
        #expect(outbox.map(\.code) == ["EMA", "EMB", "EMC", "EMJ"], "one delivery per scan, in event order")
        #expect(firstOK == outbox.map(\.id), "delivered in event order")
    }

    struct OutboxRow { let id: String; let state: String; let code: String }

    /// Polls `subscriptions show --json` until `count` deliveries are delivered (or 60 s pass).
    func waitDelivered(db: String, id: String, count: Int) async throws -> [OutboxRow] {
        var rows: [OutboxRow] = []
        for _ in 0..<300 {
            let show = try await CLI.launch(["subscriptions", "show", id, "--db", db, "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
            let list = object?["deliveries"] as? [[String: Any]] ?? []
            rows = list.map { OutboxRow(id: $0["id"] as? String ?? "", state: $0["state"] as? String ?? "",
                                        code: $0["event_code"] as? String ?? "") }
            if rows.count == count && rows.allSatisfy({ $0.state == "delivered" }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(rows.count == count && rows.allSatisfy { $0.state == "delivered" }, "\(rows)")
        return rows.reversed()  // the store lists newest first
    }
}


/// Starts `posttrace serve` on a free port with webhooks to loopback allowed and fast retries; waits until it listens.
func startServe(db: String) async throws -> ServeProcess {
    let serve = try ServeProcess(["--db", db, "--port", "0", "--no-access-log", "--webhook-allow-loopback",
                                  "--webhook-retry", "1:1:600", "--rate-limit", "0"])
    _ = try await serve.port()
    return serve
}

extension ServeProcess {
    /// SIGKILL: no shutdown code runs, as in a crash.
    func kill9() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        // At end of file Foundation keeps calling a readability handler: stop it, or it spins a core.
        (process.standardOutput as? Pipe)?.fileHandleForReading.readabilityHandler = nil
        (process.standardError as? Pipe)?.fileHandleForReading.readabilityHandler = nil
    }
}

/// A webhook receiver in Python (independent of PostTrace's code): logs each request's delivery id,
/// the status it answered and whether the signature verifies with the secret in `secretFile`.
final class PythonReceiver: @unchecked Sendable {
    struct Received { let id: String; let status: Int; let signatureValid: Bool }
    let process = Process()
    let port: Int
    let log: URL, statusFile: URL, secretFile: URL

    static let script = #"""
    import hashlib, hmac, http.server, json, sys
    log, status_file, secret_file = sys.argv[1], sys.argv[2], sys.argv[3]
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            sig = dict(p.split("=", 1) for p in self.headers.get("PostTrace-Signature", "").split(",") if "=" in p)
            secret = open(secret_file).read().strip()
            mac = hmac.new(secret.encode(), sig.get("t", "").encode() + b"." + body, hashlib.sha256).hexdigest()
            status = int(open(status_file).read().strip())
            with open(log, "a") as f:
                f.write(json.dumps({"id": json.loads(body)["id"], "status": status,
                                    "valid": hmac.compare_digest(mac, sig.get("v1", ""))}) + "\n")
            self.send_response(status); self.send_header("Content-Length", "0"); self.end_headers()
        def log_message(self, *a): pass
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """#

    init(dir: URL, status: Int) throws {
        log = dir.appendingPathComponent("received.jsonl")
        statusFile = dir.appendingPathComponent("status")
        secretFile = dir.appendingPathComponent("secret")
        try "".write(to: secretFile, atomically: true, encoding: .utf8)
        try "".write(to: log, atomically: true, encoding: .utf8)
        try String(status).write(to: statusFile, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, log.path, statusFile.path, secretFile.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func setStatus(_ status: Int) { try? String(status).write(to: statusFile, atomically: true, encoding: .utf8) }

    func requests() -> [Received] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Received(id: o["id"] as? String ?? "", status: o["status"] as? Int ?? 0, signatureValid: o["valid"] as? Bool ?? false)
        }
    }

    func wait(seconds: Double, until condition: ([Received]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(requests()) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition(requests())
    }

    /// SIGKILL: the child may inherit an ignored SIGTERM from the test runner.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
