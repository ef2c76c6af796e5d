import Foundation
import Testing
import TestSupport

@Suite("posttrace command line", .scratch)
struct CLIBasicsTests {
    @Test("an unknown command is a usage error with exit 64")
    func unknownCommand() async throws {
        let run = try await CLI.launch(["no-such-command"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown command 'no-such-command'"))
    }

    @Test("--help lists every command and exits 0")
    func help() async throws {
        let run = try await CLI.launch(["--help"])
        #expect(run.status == 0)
        for name in ["validate", "track", "import", "export", "serve", "check-message"] { #expect(run.stdout.contains(name)) }
    }

    @Test("--version names PostTrace's version and every C library's, as loaded")
    func version() async throws {
        let run = try await CLI.launch(["--version"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.wholeMatch(of: /posttrace \d+\.\d+\.\d+/) != nil, "\(lines)")
        let libraries = (lines.last ?? "").split(separator: ", ").map { $0.split(separator: " ") }
        #expect(libraries.map { $0.first.map(String.init) ?? "" } == ["SQLite", "libpq", "zlib", "libmicrohttpd", "OpenSSL", "libcurl"])
        for library in libraries { #expect(library.count == 2 && library[1].first?.isNumber == true, "\(library)") }
        // The SQLite the binary loaded is the one the sqlite3 shell of this machine reports.
        let shell = Process(), out = Pipe()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [":memory:", "select sqlite_version();"]
        shell.standardOutput = out
        try shell.run()
        let sqlite = try await offPool {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            shell.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(lines.last?.hasPrefix("SQLite \(sqlite),") == true, "\(sqlite)")
        #expect(try await CLI.launch(["version"]).stdout == run.stdout)
    }
}
