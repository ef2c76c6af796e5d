import Foundation

/// A form posted as `application/x-www-form-urlencoded`: the first value of each field.
struct FormBody {
    private var fields: [String: String] = [:]

    init(_ body: [UInt8]) {
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = FormBody.decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? FormBody.decode(parts[1]) : "" }
        }
    }

    subscript(name: String) -> String? { fields[name] }

    /// `+` is a space; a malformed percent escape leaves the text as it came rather than failing.
    private static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
