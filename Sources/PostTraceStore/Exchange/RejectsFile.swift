import Foundation
import PostTraceCore

/// The `FILE.rejects.ndjson` of an import: one JSON object per rejected line. Owns its `FILE*`;
/// created on the first reject, so a clean import leaves no file (a stale one is removed at start).
final class RejectsFile {
    let path: String
    private var file: UnsafeMutablePointer<FILE>?

    init(path: String) {
        self.path = path
        unlink(path)
    }

    deinit { if let file { fclose(file) } }

    /// Appends one reject: line number, code, message, and the original line (lossy text, plus
    /// base64 of the exact bytes when they are not UTF-8).
    func write(line: Int, reject: LineReject, original: UnsafeBufferPointer<UInt8>, truncated: Bool) throws(ImportFailure) {
        if file == nil {
            guard let f = fopen(path, "w") else { throw .io(path: path, reason: String(cString: strerror(errno))) }
            file = f
        }
        var text = "{\"line\":\(line),\"code\":\(JSONString.quoted(reject.code)),\"message\":\(JSONString.quoted(reject.message))"
        text += ",\"original\":\(JSONString.quoted(String(decoding: original, as: UTF8.self)))"
        if reject.code == RejectCode.badUTF8.rawValue { text += ",\"original_base64\":\"\(Data(original).base64EncodedString())\"" }
        if truncated { text += ",\"original_truncated\":true" }
        text += "}\n"
        guard fputs(text, file) >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Pushes buffered rejects to the OS (at each committed batch and at the end).
    func flush() { if let file { fflush(file) } }

    var wasWritten: Bool { file != nil }
}

/// Whether bytes are valid UTF-8; ASCII (the usual case) is checked without building a String.
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if isASCII(bytes) { return true }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}

/// Whether every byte is below 0x80, checked eight bytes at a time (the usual import line).
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var i = 0
    while i + 8 <= bytes.count {
        if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        i += 8
    }
    while i < bytes.count { if base[i] >= 0x80 { return false }; i += 1 }
    return true
}
