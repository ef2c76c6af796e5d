import Foundation
import Testing
import TestSupport

@Suite("posttrace installed with scripts/install.sh", .scratch)
struct InstallCLITests {
    /// The package root, where scripts/install.sh runs.
    static let root = CLI.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("an installed copy reached through PREFIX/bin serves the bundles installed beside it, not the build's")
    func installedBundles() async throws {
        let prefix = Scratch.directory("posttrace-install")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = ["scripts/install.sh", prefix.path, CLI.binary.deletingLastPathComponent().path]
        install.currentDirectoryURL = Self.root
        install.standardOutput = FileHandle.nullDevice
        try install.run()
        try await offPool { install.waitUntilExit() }
        #expect(install.terminationStatus == 0)
        let lib = prefix.appendingPathComponent("lib/posttrace")
        let bundles = try FileManager.default.contentsOfDirectory(atPath: lib.path).filter { $0.hasSuffix(".resources") }
        #expect(!bundles.isEmpty && !bundles.contains { $0.contains("Tests") }, "\(bundles)")
        // The installed document differs from the build's by one byte: what is served shows which was read.
        let document = lib.appendingPathComponent("PostTrace_PostTraceServer.resources/openapi.json")
        let installed = try Data(contentsOf: document) + Data(" ".utf8)
        try installed.write(to: document)

        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log"],
                                     binary: prefix.appendingPathComponent("bin/posttrace"))
        let port = try await serve.port()
        let saved = prefix.appendingPathComponent("served.json")
        #expect(try await curl("http://127.0.0.1:\(port)/openapi.json", ["-o", saved.path]).status == 200)
        #expect(try Data(contentsOf: saved) == installed)
        #expect(try await curl("http://127.0.0.1:\(port)/assets/style.css").status == 200)
        #expect(await serve.stop() == 0)
    }
}
