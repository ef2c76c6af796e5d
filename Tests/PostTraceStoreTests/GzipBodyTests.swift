import Foundation
import PostTraceStore
import Testing
import TestSupport

@Suite("GzipBody", .scratch)
struct GzipBodyTests {
    /// gzip made by the gzip tool, not by the code under test (as the import's gzip test makes its file).
    static func gzip(_ data: [UInt8]) throws -> [UInt8] {
        try #require(try gzipTool(["-n"], on: data, named: "body", leaves: "body.gz"))
    }

    /// What the gzip tool reads back from `data`, or nil when it refuses it.
    static func gunzip(_ data: [UInt8]) throws -> [UInt8]? {
        try gzipTool(["-d"], on: data, named: "body.gz", leaves: "body")
    }

    /// Runs `gzip arguments FILE` on `data` written as `name`; the file it leaves, nil when it fails.
    private static func gzipTool(_ arguments: [String], on data: [UInt8], named name: String, leaves result: String) throws -> [UInt8]? {
        let dir = TempDir.make()
        try Data(data).write(to: dir.appendingPathComponent(name))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = arguments + [dir.appendingPathComponent(name).path]
        try gzip.run(); gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { return nil }
        return Array(try Data(contentsOf: dir.appendingPathComponent(result)))
    }

    @Test("inflates what gzip made, up to the bound and not a byte past it")
    func bound() throws {
        let data = Array((0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) })
        let zipped = try Self.gzip(data)
        #expect(try GzipBody.decompress(zipped, limit: data.count) == data)
        #expect(throws: GzipBody.Failure.tooLarge(limit: data.count - 1)) { try GzipBody.decompress(zipped, limit: data.count - 1) }
        #expect(try GzipBody.decompress(try Self.gzip([]), limit: 0) == [])
        #expect(throws: GzipBody.Failure.self) { try GzipBody.decompress(zipped + [0x1f], limit: data.count) }  // a cut second member
    }

    @Test("compresses what the gzip tool reads back: empty, tiny, a window's edge, large, incompressible")
    func compress() throws {
        var random = SystemRandomNumberGenerator()
        let json = Array(String(repeating: #"{"code":"EMA","office":"CNPEKA","title":"Posted"},"#, count: 2_000).utf8)
        let inputs: [[UInt8]] = [[], [0x41], Array(json.prefix(511)), Array(json.prefix(512)), Array(json.prefix(513)),
                                 Array(json.prefix(4096)), Array(json.prefix(32_768)), Array(json.prefix(32_769)), json,
                                 (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) }]
        for input in inputs {
            let packed = try #require(GzipBody.compress(input))
            #expect(try Self.gunzip(packed) == input, "\(input.count) bytes")
            #expect(try GzipBody.decompress(packed, limit: input.count) == input)
        }
        // Repetitive text shrinks a lot even at the fastest level; every level gives the same bytes back.
        #expect(try #require(GzipBody.compress(json)).count < json.count / 20)
        for level: Int32 in [-5, 0, 1, 6, 9, 42] { #expect(try GzipBody.decompress(try #require(GzipBody.compress(json, level: level)), limit: json.count) == json) }
    }
}
