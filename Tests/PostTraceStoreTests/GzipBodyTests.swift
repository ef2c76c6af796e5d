import Foundation
import PostTraceStore
import Testing

@Suite("GzipBody")
struct GzipBodyTests {
    /// gzip made by the gzip tool, not by the code under test.
    static func gzip(_ data: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-c", "-n"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(data))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(out)
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
