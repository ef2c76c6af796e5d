import Foundation

/// One libFuzzer target: reads the input and stops the process (a libFuzzer crash) when an invariant fails.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable ([UInt8]) -> Void
}

/// Every target, selected at start-up by `POSTTRACE_FUZZ_TARGET` (libFuzzer owns the command line).
let allTargets: [FuzzTarget] = s10Targets + exchangeTargets + serverTargets + messageTargets

let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["POSTTRACE_FUZZ_TARGET"] ?? ""
    guard let target = allTargets.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("set POSTTRACE_FUZZ_TARGET to one of: \(allTargets.map(\.name).joined(separator: " "))\n".utf8))
        exit(64)
    }
    return target
}()

/// Called once by libFuzzer before any input: `POSTTRACE_FUZZ_TARGET=list` prints the target names and stops;
/// an unknown name stops with 64 here rather than inside an input, which libFuzzer would save as a crash.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if ProcessInfo.processInfo.environment["POSTTRACE_FUZZ_TARGET"] == "list" {
        for target in allTargets { print("fuzz-target: \(target.name)") }
        exit(0)
    }
    _ = selectedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Stops with a message naming the broken invariant; libFuzzer saves the input as a crash artifact.
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    guard condition() else { fatalError("invariant broken: \(message())", file: file, line: line) }
}

/// A stable machine code: lower-case ASCII letters, digits, `_` and `-`.
func isMachineCode(_ code: String) -> Bool {
    !code.isEmpty && code.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
}

/// The input as text, with invalid UTF-8 repaired (what `String(decoding:)` does at every boundary).
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
