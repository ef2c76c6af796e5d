import Foundation
import TestSupport

/// Headless Chromium, run as a person's browser would load a page: the DOM it built and screenshots.
enum PageBrowser {
    enum Failure: Error, CustomStringConvertible {
        case missing, timedOut(String), failed(Int32, String)
        var description: String {
            switch self {
            case .missing: "chromium is not installed (make test installs Debian's chromium)"
            case .timedOut(let url): "chromium timed out on \(url)"
            case .failed(let code, let err): "chromium exited \(code): \(err.suffix(500))"
            }
        }
    }

    static let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `.build/screenshots/` of this package (not committed).
    static let screenshots: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent(".build/screenshots")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// The DOM Chromium produced for `url`, after parsing and running the page's own script, and the
    /// page's console messages (Content-Security-Policy violations are reported there).
    static func dumpDOM(_ url: String, acceptLanguage: String? = nil) async throws -> (dom: String, console: [String]) {
        var args = ["--enable-logging=stderr", "--v=0", "--dump-dom", url]
        if let acceptLanguage { args.insert("--accept-lang=\(acceptLanguage)", at: 0) }
        let (out, err) = try await run(args)
        return (out, err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }

    /// Saves a PNG of `url` rendered `width` px wide into `.build/screenshots/<name>-<width>.png`.
    @discardableResult
    static func screenshot(_ url: String, width: Int, name: String) async throws -> URL {
        let file = screenshots.appendingPathComponent("\(name)-\(width).png")
        try? FileManager.default.removeItem(at: file)
        _ = try await run(["--screenshot=\(file.path)", "--window-size=\(width),2000", "--hide-scrollbars", url])
        return file
    }

    /// Runs the browser on a thread of its own: waiting for it on the shared task pool held that pool's threads
    /// (two here) for the whole suite, and timing tests elsewhere in the run missed their deadlines.
    private static func run(_ extra: [String]) async throws -> (stdout: String, stderr: String) {
        try await offPool { try runBlocking(extra) }
    }

    private static func runBlocking(_ extra: [String]) throws -> (stdout: String, stderr: String) {
        guard let executable else { throw Failure.missing }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("posttrace-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        // We run as root in CI containers, hence --no-sandbox. A hung browser is killed after 60 s and fails the test.
        let run = try ChildProcess.run(executable, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                    "--disable-extensions", "--user-data-dir=\(profile.path)"] + extra, timeout: 60)
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        guard run.status != 128 + SIGKILL else { throw Failure.timedOut(extra.last ?? "") }
        guard run.status == 0 else { throw Failure.failed(run.status, stderr) }
        return (String(decoding: run.stdout, as: UTF8.self), stderr)
    }

    /// What a person sees: the body's text with tags removed, entities decoded and spaces collapsed.
    static func visibleText(_ dom: String) -> String {
        var s = dom
        if let body = s.range(of: "<body") { s = String(s[body.lowerBound...]) }
        for tag in ["script", "style"] {
            while let open = s.range(of: "<\(tag)"), let close = s.range(of: "</\(tag)>", range: open.upperBound..<s.endIndex) {
                s.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var text = "", inTag = false
        for c in s {
            if c == "<" { inTag = true; text += " " } else if c == ">" { inTag = false } else if !inTag { text.append(c) }
        }
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: char)
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
