import Foundation
import Testing
import TestSupport

/// `posttrace serve` running as a child process, as users and supervisors run it.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []

    private let errors = Pipe()
    private var errorText = ""

    init(_ args: [String], environment: [String: String] = [:], binary: URL = CLI.binary) throws {
        process.executableURL = binary
        process.arguments = ["serve"] + args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = output
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            guard let self, !text.isEmpty else { return }
            self.lock.lock(); self.errorText += text; self.lock.unlock()
        }
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            guard let self, !text.isEmpty else { return }
            self.lock.lock(); self.lines += text.split(separator: "\n").map(String.init); self.lock.unlock()
        }
        try process.run()
    }

    var printed: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return errorText }

    /// Waits until a printed line contains `text`; returns it.
    func waitForLine(containing text: String, seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = printed.first(where: { $0.contains(text) }) { return line }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Under load a sleep can overrun the deadline by far: look once more before calling it missing.
        if let line = printed.first(where: { $0.contains(text) }) { return line }
        throw CLIFailure(description: "no line with '\(text)' in \(printed)")
    }

    /// The port from `posttrace: listening on http://host:PORT (port PORT)`.
    func port() async throws -> Int {
        let line = try await waitForLine(containing: "listening on")
        let digits = line.split(separator: "(port ").last?.prefix { $0.isNumber }
        return try #require(digits.flatMap { Int($0) })
    }

    /// `terminate` for async tests: the wait for the child happens off the cooperative pool.
    func stop() async -> Int32 {
        (try? await offPool { self.terminate() }) ?? -1
    }

    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }  // SIGTERM
        process.waitUntilExit()
        // At end of file Foundation keeps calling a readability handler: remove them, or each spins a core.
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        if process.terminationReason == .uncaughtSignal {
            // A crash: its last words are the only clue to a failure that may not come back.
            FileHandle.standardError.write(Data("serve died of signal \(process.terminationStatus); its stderr ends:\n\(stderr.suffix(4000))\n".utf8))
        }
        return process.terminationStatus
    }
}

struct CLIFailure: Error, CustomStringConvertible { let description: String }

/// Fetches a URL with curl (the CLI tests link no HTTP code of their own); returns status and body.
func curl(_ url: String, _ extra: [String] = []) async throws -> (status: Int, body: String) {
    try await offPool { try curlBlocking(url, extra) }
}

/// `curl` for a thread of the test's own, which may block.
func curlBlocking(_ url: String, _ extra: [String] = []) throws -> (status: Int, body: String) {
    let run = Process()
    run.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    run.arguments = ["-s", "-m", "10", "-w", "\n%{http_code}"] + extra + [url]
    let out = Pipe()
    run.standardOutput = out
    try run.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    run.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    let status = Int(text.split(separator: "\n").last ?? "") ?? 0
    return (status, String(text.dropLast(String(status).count + 1)))
}

/// A WeChat signature (SHA-1 hex of the parts sorted and joined, as the platform computes it), by sha1sum.
func weChatSignature(_ parts: [String]) async throws -> String {
    let run = Process()
    run.executableURL = URL(fileURLWithPath: "/usr/bin/sha1sum")
    let input = Pipe(), output = Pipe()
    run.standardInput = input
    run.standardOutput = output
    try run.run()
    input.fileHandleForWriting.write(Data(parts.sorted().joined().utf8))
    try input.fileHandleForWriting.close()
    let data = try await offPool { let data = output.fileHandleForReading.readDataToEndOfFile(); run.waitUntilExit(); return data }
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

/// The platform's query for an encrypted message signed now (the server refuses timestamps 5 minutes off).
func weChatSafeModeQuery(token: String, encrypted: String) async throws -> String {
    let timestamp = String(Int64(Date().timeIntervalSince1970)), nonce = "1372623149"
    return "signature=\(try await weChatSignature([token, timestamp, nonce]))&timestamp=\(timestamp)&nonce=\(nonce)"
        + "&encrypt_type=aes&msg_signature=\(try await weChatSignature([token, timestamp, nonce, encrypted]))"
}

@Suite("posttrace serve", .serialized, .scratch)
struct ServeCLITests {
    @Test("--demo on port 0 prints the real port and three example numbers; SIGTERM stops it cleanly")
    func demo() async throws {
        let db = Scratch.databaseFile("posttrace-serve")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) } }
        let serve = try ServeProcess(["--port", "0", "--demo", "--no-access-log", "--db", db.path])
        let port = try await serve.port()
        #expect(port > 0)
        // Each example line: the page URL, then "(API: <url>)".
        func urls(_ line: String) -> [String] {
            line.split(separator: " ").filter { $0.contains("http://") }
                .map { String($0.drop { $0 != "h" }).trimmingCharacters(in: CharacterSet(charactersIn: ")")) }
        }
        _ = try await serve.waitForLine(containing: "web page:")
        let delivered = urls(try await serve.waitForLine(containing: "delivered:"))
        #expect(delivered.count == 2 && delivered[0].contains("/t/") && delivered[1].contains("/v1/trackings/"))
        let url = try #require(delivered.last)
        #expect(try await curl(delivered[0]).status == 200)
        #expect(try await curl(url).status == 200)
        let none = urls(try await serve.waitForLine(containing: "no record yet:"))
        let noneURL = try #require(none.last)
        #expect(try await curl(none[0]).status == 200)  // the page explains "no record yet"
        #expect(try await curl(noneURL).status == 404)
        // The customs example is a recent hold, not one stuck for weeks.
        let customsURL = try #require(urls(try await serve.waitForLine(containing: "in customs:")).last)
        let customs = try await curl(customsURL)
        #expect(customs.status == 200)
        #expect(customs.body.contains("\"status\":\"in_customs\"") && customs.body.contains("\"stale\":false"))
        #expect(try await curl("http://127.0.0.1:\(port)/healthz").status == 200)
        // The home page offers the same three items to try, each captioned.
        let home = try await curl("http://127.0.0.1:\(port)/?lang=en").body
        for (example, caption) in [(delivered[0], "delivered"), (customsURL, "in customs"), (none[0], "no record yet")] {
            let number = try #require(example.split(separator: "/").last.map(String.init))
            #expect(home.contains("href=\"/t/\(number)?lang=en\"") || home.contains("/t/\(number)"), "\(number)")
            #expect(home.contains("\(number)</a> (\(caption))"), "\(number) \(caption)")
        }
        #expect(!home.contains(">EE123456785CN<"))
        // A store with subscriptions: /metrics carries the webhook backlog and the worker's counters.
        let metrics = try await curl("http://127.0.0.1:\(port)/metrics").body
        #expect(metrics.contains("posttrace_webhook_deliveries_pending 0") && metrics.contains("posttrace_webhook_attempts_total{outcome=\"delivered\"} 0"))
        #expect(await serve.stop() == 0)
        #expect(serve.printed.contains { $0.contains("stopped") })
        // The demo data was committed to the SQLite file and survives a restart; --demo adds nothing the second time.
        let again = try ServeProcess(["--port", "0", "--demo", "--no-access-log", "--db", db.path])
        let port2 = try await again.port()
        _ = try await again.waitForLine(containing: "already holds items")
        #expect(try await curl(url.replacingOccurrences(of: ":\(port)/", with: ":\(port2)/")).status == 200)
        #expect(await again.stop() == 0)
    }

    @Test("flags come from the environment too")
    func environment() async throws {
        let serve = try ServeProcess([], environment: ["POSTTRACE_PORT": "0", "POSTTRACE_HOST": "127.0.0.1", "POSTTRACE_DB": "memory",
                                                       "POSTTRACE_REQUIRE_KEY_FOR_READ": "1", "POSTTRACE_ACCESS_LOG": "off"])
        let port = try await serve.port()
        #expect(try await curl("http://127.0.0.1:\(port)/v1/trackings/EE123456785CN").status == 401)
        #expect(await serve.stop() == 0)
    }

    @Test("--cache-max-age reaches lookups' Cache-Control; the ETag comes back as a 304")
    func caching() async throws {
        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log"],
                                     environment: ["POSTTRACE_CACHE_MAX_AGE": "30"])
        let port = try await serve.port()
        let url = "http://127.0.0.1:\(port)/v1/trackings/EE123456785CN"
        let head = try await curl(url, ["-i"]).body.lowercased()
        #expect(head.contains("cache-control: public, max-age=30"))
        #expect(head.contains("vary: accept-language"))
        let page = try await curl("http://127.0.0.1:\(port)/", ["-i"]).body
        let tag = try #require(page.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }?.dropFirst(5))
        #expect(try await curl("http://127.0.0.1:\(port)/", ["-H", "If-None-Match: \(tag.trimmingCharacters(in: .whitespaces))"]).status == 304)
        #expect(await serve.stop() == 0)
    }

    @Test("the answer cache sees posttrace import into the same SQLite file from another process at once; --answer-cache sizes")
    func answerCacheAcrossProcesses() async throws {
        let db = Scratch.databaseFile("posttrace-answer-cache")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) } }
        func importLine(_ code: String, _ time: String) async throws {
            let line = #"{"number":"EE123456785CN","code":"\#(code)","time":"\#(time)","office":"CNPEKA"}"# + "\n"
            #expect(try await CLI.launch(["import", "-", "--db", db.path], stdin: Data(line.utf8)).status == 0)
        }
        try await importLine("EMA", "2026-11-20T08:00:00+08:00")
        let serve = try ServeProcess(["--port", "0", "--db", db.path, "--no-access-log", "--answer-cache", "2M"])
        let port = try await serve.port()
        let url = "http://127.0.0.1:\(port)/v1/trackings/EE123456785CN"
        // Both lookups on one thread, back to back: the second must come within the cache's 10-s render age,
        // however long this test waits for its turn on a loaded run.
        let (first, second) = try await offPool { (try curlBlocking(url), try curlBlocking(url)) }
        #expect(first.body.contains(#""current_stage":"posted""#) && second.body.contains(#""current_stage":"posted""#))
        let metrics = try await curl("http://127.0.0.1:\(port)/metrics").body
        #expect(metrics.contains("posttrace_answer_cache_hits_total 1") && metrics.contains("posttrace_answer_cache_capacity_bytes 2097152"))
        // The hit came without a store read (SQLite's change stamp had not moved)...
        #expect(metrics.contains("posttrace_answer_cache_unread_hits_total 1"))
        // ...and the import's commit moves it: the next lookup reads the new events, the one after is unread again.
        try await importLine("EMI", "2026-11-25T08:00:00+08:00")
        let (third, fourth) = try await offPool { (try curlBlocking(url), try curlBlocking(url)) }
        #expect(third.body.contains(#""status":"delivered""#) && fourth.body == third.body)
        #expect(try await curl("http://127.0.0.1:\(port)/metrics").body.contains("posttrace_answer_cache_unread_hits_total 2"))
        #expect(await serve.stop() == 0)

        let off = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log"], environment: ["POSTTRACE_ANSWER_CACHE": "off"])
        let offPort = try await off.port()
        #expect(!(try await curl("http://127.0.0.1:\(offPort)/metrics").body.contains("posttrace_answer_cache")))
        #expect(await off.stop() == 0)
        for size in ["-1", "lots", "1.5M", "65G", "99999999999999999999", "64Q", ""] {
            let refused = try await CLI.launch(["serve", "--db", "memory", "--answer-cache", size])
            #expect(refused.status == 64 && refused.stderr.contains("--answer-cache"), "\(size)")
        }
        #expect(try await CLI.launch(["serve", "--db", "memory"], environment: ["POSTTRACE_ANSWER_CACHE": "big"]).status == 64)
    }

    @Test("serve --help documents every option serve accepts, in lines of at most 118 columns, and nothing it refuses")
    func helpMatchesOptions() async throws {
        let help = try await CLI.launch(["serve", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.split(separator: "\n").allSatisfy { $0.count <= 118 }, "\(help.stdout)")
        // Every --name the usage line shows is known to the parser, as an option or a flag as shown: all of them in
        // one command line get past parsing (which refuses unknown names, values given to flags and missing
        // values) and are refused only for a value, with 64.
        let usage = help.stdout.components(separatedBy: "\n\n").first ?? ""
        let shown = usage.matches(of: /\[(--[a-z][a-z-]+)( [^\]]+)?\]/).map { (name: String($0.1), takesValue: $0.2 != nil) }
        #expect(Set(shown.map(\.name)).count >= 35, "\(usage)")
        let all = shown.map { $0.takesValue ? "\($0.name)=x" : $0.name }
        let run = try await CLI.launch(["serve"] + all)
        #expect(run.status == 64, "\(run.status) \(run.stderr)")
        for parseError in ["unknown option", "takes no value", "needs a value"] {
            #expect(!run.stderr.contains(parseError), "\(run.stderr)")
        }
        let unknown = try await CLI.launch(["serve", "--no-such-option", "1"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown option --no-such-option"))
    }

    @Test("boolean environment variables read 1/true/yes/on and 0/false/no/off alike; anything else is a usage error")
    func environmentFlags() async throws {
        for (name, value) in [("POSTTRACE_DEMO", "maybe"), ("POSTTRACE_ACCESS_LOG", "quiet"), ("POSTTRACE_COMPRESSION", "2"),
                              ("POSTTRACE_REQUIRE_KEY_FOR_READ", "sure"), ("POSTTRACE_WEBHOOK_ALLOW_LOOPBACK", "y")] {
            let run = try await CLI.launch(["serve", "--db", "memory", "--port", "0"], environment: [name: value])
            #expect(run.status == 64 && run.stderr.contains(name), "\(name)=\(value): \(run.status) \(run.stderr)")
        }
        // ACCESS_LOG=0 silences the access log as =off does; REQUIRE_KEY_FOR_READ=on locks lookups as =1 does.
        let serve = try ServeProcess(["--port", "0", "--db", "memory"],
                                     environment: ["POSTTRACE_ACCESS_LOG": "0", "POSTTRACE_REQUIRE_KEY_FOR_READ": "On"])
        let port = try await serve.port()
        #expect(try await curl("http://127.0.0.1:\(port)/v1/trackings/EE123456785CN").status == 401)
        #expect(await serve.stop() == 0)
        #expect(!serve.stderr.contains("request_id"), "\(serve.stderr)")
        let logging = try ServeProcess(["--port", "0", "--db", "memory"], environment: ["POSTTRACE_ACCESS_LOG": "on"])
        let loggingPort = try await logging.port()
        #expect(try await curl("http://127.0.0.1:\(loggingPort)/healthz").status == 200)
        #expect(await logging.stop() == 0)
        #expect(logging.stderr.contains("request_id"), "\(logging.stderr)")
    }

    @Test("--sqlite-cache and POSTTRACE_SQLITE_CACHE size the writer's page cache; sizes that do not read are usage errors")
    func sqliteCacheOption() async throws {
        for size in ["512K", "0", "off", "lots", "-1", "1.5M", ""] {
            let refused = try await CLI.launch(["serve", "--db", "memory", "--sqlite-cache", size])
            #expect(refused.status == 64 && refused.stderr.contains("--sqlite-cache"), "\(size): \(refused.stderr)")
        }
        let db = Scratch.databaseFile("posttrace-sqlite-cache")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) } }
        let badEnv = try await CLI.launch(["track", "EE123456785CN", "--db", db.path], environment: ["POSTTRACE_SQLITE_CACHE": "huge"])
        #expect(badEnv.status == 64 && badEnv.stderr.contains("POSTTRACE_SQLITE_CACHE"))
        let line = #"{"number":"EE123456785CN","code":"EMA","time":"2026-11-20T08:00:00+08:00","office":"CNPEKA"}"# + "\n"
        let imported = try await CLI.launch(["import", "-", "--db", db.path], stdin: Data(line.utf8), environment: ["POSTTRACE_SQLITE_CACHE": "2M"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let serve = try ServeProcess(["--port", "0", "--db", db.path, "--no-access-log", "--sqlite-cache", "8M"])
        let port = try await serve.port()
        #expect(try await curl("http://127.0.0.1:\(port)/v1/trackings/EE123456785CN").body.contains(#""current_stage":"posted""#))
        #expect(await serve.stop() == 0)
    }

    @Test("answers are gzipped for curl --compressed; --no-compression and POSTTRACE_COMPRESSION=off turn that off")
    func compression() async throws {
        let headers = ["-D", "-", "-o", "/dev/null", "-H", "Accept-Encoding: gzip"]
        let on = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log"])
        let onPort = try await on.port()
        #expect(try await curl("http://127.0.0.1:\(onPort)/openapi.json", headers).body.lowercased().contains("content-encoding: gzip"))
        // curl inflates it itself: the document arrives whole.
        let document = try await curl("http://127.0.0.1:\(onPort)/openapi.json", ["--compressed"])
        #expect(document.status == 200 && document.body.hasPrefix("{") && document.body.contains("\"openapi\""))
        #expect(await on.stop() == 0)
        for (arguments, environment) in [(["--no-compression"], [String: String]()), ([], ["POSTTRACE_COMPRESSION": "off"])] {
            let off = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log"] + arguments, environment: environment)
            let port = try await off.port()
            let head = try await curl("http://127.0.0.1:\(port)/openapi.json", headers)
            #expect(head.status == 200 && !head.body.lowercased().contains("content-encoding"), "\(arguments) \(environment)")
            #expect(await off.stop() == 0)
        }
    }

    @Test("SIGTERM at any moment after start stops the server: a signal is never lost, however early")
    func earlyTermination() async throws {
        for delay in [0, 1, 2, 5, 10, 20, 40, 80, 160] {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["serve", "--port", "0", "--db", "memory", "--no-access-log"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(!process.isRunning, "still running \(delay) ms after a SIGTERM sent \(delay) ms after start")
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try await offPool { process.waitUntilExit() }
            // Before its handler is in place the default action ends it (signal 15); after, a clean stop (0).
            #expect(process.terminationStatus == 0 || (process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM),
                    "after \(delay) ms: \(process.terminationReason) \(process.terminationStatus)")
        }
    }

    @Test("--wechat-aes-key and --wechat-app-id turn on safe mode: an encrypted message gets an encrypted reply")
    func wechatSafeMode() async throws {
        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log", "--wechat-token", "QDG6eK",
                                      "--wechat-app-id", "wx5823bf96d3bd56c7"],
                                     environment: ["POSTTRACE_WECHAT_AES_KEY": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"])
        let port = try await serve.port()
        // The platform's published sample message (token QDG6eK, that key and AppID).
        let encrypted = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
        // Signed now: the sample's own timestamp (2014) is outside the ±5 minutes the server accepts.
        let query = try await weChatSafeModeQuery(token: "QDG6eK", encrypted: encrypted)
        let body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
        let answer = try await curl("http://127.0.0.1:\(port)/wechat?\(query)", ["-H", "Content-Type: text/xml", "--data-binary", body])
        #expect(answer.status == 200)
        #expect(answer.body.contains("<Encrypt><![CDATA[") && answer.body.contains("<MsgSignature>") && !answer.body.contains("mycreate"))
        #expect(await serve.stop() == 0)
    }

    @Test("the access log has one JSON line per request with the route and key id, never the secret")
    func accessLog() async throws {
        let serve = try ServeProcess(["--port", "0", "--db", "memory"])
        let port = try await serve.port()
        let keyLine = try await serve.waitForLine(containing: "admin key for this run")
        let secret = try #require(keyLine.split(separator: " ").last.map(String.init))
        let ingest = try await curl("http://127.0.0.1:\(port)/v1/events", ["-H", "Authorization: Bearer \(secret)",
                                                                     "-H", "Content-Type: application/json", "--data", "[]"])
        #expect(ingest.status == 200)
        #expect(try await curl("http://127.0.0.1:\(port)/v1/trackings/EE123456785CN?key=\(secret)").status == 404)
        #expect(await serve.stop() == 0)
        let lines = serve.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["route"] as? String == "events.ingest")
        #expect(first["status"] as? Int == 200)
        #expect(first["method"] as? String == "POST")
        #expect((first["key_id"] as? String)?.hasPrefix("k_") == true)
        #expect(first["duration_ms"] != nil && first["bytes"] != nil)
        #expect((first["request_id"] as? String)?.count == 16)
        #expect(!serve.stderr.contains(secret))
    }

    @Test("HTTPS with --tls-cert and --tls-key")
    func tls() async throws {
        let dir = Scratch.directory("posttrace-tls")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-keyout", dir.appendingPathComponent("key.pem").path, "-out", dir.appendingPathComponent("cert.pem").path]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        try await offPool { openssl.waitUntilExit() }
        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--tls-cert", dir.appendingPathComponent("cert.pem").path,
                                      "--tls-key", dir.appendingPathComponent("key.pem").path])
        let port = try await serve.port()
        #expect(try await curl("https://127.0.0.1:\(port)/healthz", ["-k"]).status == 200)
        let head = try await curl("https://127.0.0.1:\(port)/healthz", ["-k", "-i"]).body.lowercased()
        #expect(head.contains("strict-transport-security: max-age=31536000"), "HSTS over TLS")
        #expect(await serve.stop() == 0)
    }

    @Test("--metrics-token-file keeps /metrics to scrapers holding the token; a missing file is 66, a short token 64")
    func metricsToken() async throws {
        let file = Scratch.file("posttrace-metrics-token")
        let token = "0123456789abcdef0123456789abcdef"
        try Data((token + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log", "--metrics-token-file", file.path])
        let port = try await serve.port()
        #expect(try await curl("http://127.0.0.1:\(port)/metrics").status == 401)
        let scraped = try await curl("http://127.0.0.1:\(port)/metrics", ["-H", "Authorization: Bearer \(token)"])
        #expect(scraped.status == 200 && scraped.body.contains("posttrace_build_info"))
        #expect(await serve.stop() == 0)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "memory", "--metrics-token-file", "/nonexistent/token"]).status == 66)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "memory"], environment: ["POSTTRACE_METRICS_TOKEN": "short"]).status == 64)
    }

    @Test("bad options are usage errors (64); unreadable TLS files 66; a taken port 69; an unopenable store 74")
    func errors() async throws {
        #expect(try await CLI.launch(["serve", "--port", "70000"]).status == 64)
        #expect(try await CLI.launch(["serve", "--port", "0", "--tls-cert", "/nonexistent.pem"]).status == 64)
        #expect(try await CLI.launch(["serve", "--rate-limit", "fast"]).status == 64)
        #expect(try await CLI.launch(["serve", "--bogus"]).status == 64)
        for age in ["-1", "soon", "86401", "1e3"] { #expect(try await CLI.launch(["serve", "--cache-max-age", age]).status == 64) }
        #expect(try await CLI.launch(["serve", "--secrets-key-file", "/nonexistent/key"]).status == 64)
        let vapid = try await CLI.launch(["serve", "--db", "memory", "--vapid-key-file", "/nonexistent-dir/vapid"])
        #expect(vapid.status == 64 && vapid.stderr.contains("--vapid-key-file"))
        let subject = try await CLI.launch(["serve", "--db", "memory", "--vapid-subject", "ops@example.org"])
        #expect(subject.status == 64 && subject.stderr.contains("mailto:"))
        let junk = Scratch.file("vapid")
        try Data("not a key\n".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        let unusable = try await CLI.launch(["serve", "--db", "memory", "--vapid-key-file", junk.path])
        #expect(unusable.status == 64 && unusable.stderr.contains("no P-256 private key") && !unusable.stderr.contains("not a key"))
        let key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
        #expect(try await CLI.launch(["serve", "--wechat-token", "t", "--wechat-aes-key", key]).status == 64)  // no AppID
        #expect(try await CLI.launch(["serve", "--wechat-aes-key", key, "--wechat-app-id", "wx1"]).status == 64)  // no token
        let short = try await CLI.launch(["serve", "--wechat-token", "t", "--wechat-aes-key", "short", "--wechat-app-id", "wx1"])
        #expect(short.status == 64 && short.stderr.contains("43-character"))
        let missing = try await CLI.launch(["serve", "--port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"])
        #expect(missing.status == 66)
        #expect(try await CLI.launch(["serve", "--host", "not-an-ip", "--port", "0", "--db", "memory"]).status == 69)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "ftp://nowhere"]).status == 64)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "/nonexistent-dir/x.db"]).status == 74)
        let first = try ServeProcess(["--port", "0", "--no-access-log", "--db", "memory"])
        let port = try await first.port()
        let taken = try await CLI.launch(["serve", "--port", String(port), "--db", "memory"])
        #expect(taken.status == 69)
        #expect(taken.stderr.contains("cannot listen"))
        #expect(await first.stop() == 0)
    }
}
