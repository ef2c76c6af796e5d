import Foundation
import PostTraceStore
import Testing

@Suite("GzipBody")
struct GzipBodyTests {
    /// gzip made by the gzip tool, not by the code under test (as the import's gzip test makes its file).
    static func gzip(_ data: [UInt8]) throws -> [UInt8] {
        let file = TempDir.make().appendingPathComponent("body")
        try Data(data).write(to: file)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-n", file.path]
        try gzip.run(); gzip.waitUntilExit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: file.path + ".gz")))
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
}
