import Foundation

/// Reads one link or phone number typed or pasted by a person, the way a browser or phone would read it,
/// refusing what cannot be a link or a number instead of guessing.
enum ChannelInput {
    static let webSchemes: Set<String> = ["http", "https", "hxxp", "hxxps"]

    /// The host a browser would visit for `raw`: after the last `@` of the user info, before the port, lower
    /// case, compatibility-normalized (full-width letters become ASCII, as browsers map them), without trailing dots.
    static func host(ofURL raw: String) throws(OfficialChannelInputError) -> String { try parts(ofURL: raw).host }

    /// The host a browser would visit and the user info before it (`ems.com.cn` in `https://ems.com.cn@evil.example`).
    static func parts(ofURL raw: String) throws(OfficialChannelInputError) -> (host: String, userInfo: String?) {
        guard raw.utf8.count <= MessageChecker.maximumURLBytes else {
            throw .init(code: "url_too_long", message: "the link is \(raw.utf8.count) bytes; at most \(MessageChecker.maximumURLBytes) are judged")
        }
        var rest = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !rest.isEmpty else { throw .init(code: "url_empty", message: "the link is empty") }
        guard !rest.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace }) else {
            throw invalid("a link cannot contain spaces or control characters")
        }
        rest = try droppingScheme(rest)
        let authorityEnd = rest.firstIndex { "/?#\\".contains($0) } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var userInfo: String?
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at]); authority = authority[authority.index(after: at)...]
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("an IPv6 address needs its closing ]") }
            try checkPort(authority[authority.index(after: close)...])
            return (String(authority[...close]).lowercased(), userInfo)
        }
        if let colon = authority.firstIndex(of: ":") {
            try checkPort(authority[colon...])
            authority = authority[..<colon]
        }
        guard let decoded = String(authority).removingPercentEncoding else { throw invalid("the host name has a broken %-escape") }
        var host = Substring(decoded.precomposedStringWithCompatibilityMapping.lowercased()
            .replacingOccurrences(of: "。", with: "."))
        while host.last == "." { host = host.dropLast() }
        try checkHostName(host)
        return (String(host), userInfo)
    }

    /// Drops `https://` (or `//`); refuses other schemes (`javascript:`, `mailto:`), which lead to no web site.
    static func droppingScheme(_ text: Substring) throws(OfficialChannelInputError) -> Substring {
        if text.hasPrefix("//") { return text.dropFirst(2) }
        guard let colon = text.firstIndex(of: ":") else { return text }
        let scheme = text[..<colon]
        let looksLikeScheme = scheme.first?.isLetter == true && scheme.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "+.-".unicodeScalars.contains($0)) }
        let afterColon = text[text.index(after: colon)...]
        // `ems.com.cn:443/path` is a host and a port, not a scheme.
        guard looksLikeScheme, !(afterColon.first?.isASCII == true && afterColon.first?.isNumber == true) else { return text }
        guard webSchemes.contains(scheme.lowercased()) else {
            throw .init(code: "unsupported_scheme", message: "only web links (http or https) can be judged, not \(scheme.lowercased()):")
        }
        guard afterColon.hasPrefix("//") else { throw invalid("a web link starts with \(scheme.lowercased())://") }
        return afterColon.dropFirst(2)
    }

    static func checkPort(_ text: Substring) throws(OfficialChannelInputError) {
        guard !text.isEmpty else { return }
        let digits = text.dropFirst()
        guard text.first == ":", digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), Int(digits).map({ $0 <= 65535 }) ?? digits.isEmpty else {
            throw invalid("the port after the host name must be a number up to 65535")
        }
    }

    static func checkHostName(_ host: Substring) throws(OfficialChannelInputError) {
        guard !host.isEmpty else { throw invalid("the link has no host name") }
        guard host.utf8.count <= 253 else { throw invalid("the host name is longer than 253 bytes") }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }) else { throw invalid("a part of the host name is empty or longer than 63 bytes") }
        guard host.unicodeScalars.allSatisfy({ $0 == "-" || $0 == "_" || $0 == "." || $0.properties.isAlphabetic || $0.properties.numericType != nil
                                                || $0.properties.generalCategory == .nonspacingMark }) else {
            throw invalid("the host name contains characters no domain name has")
        }
        guard labels.count >= 2 || isIPAddress(String(host)) else { throw invalid("the host name needs a dot, like www.ems.com.cn") }
    }

    /// IPv4 in any form browsers accept (`127.0.0.1`, `2130706433`, `0x7f.1`), or a bracketed IPv6 address.
    static func isIPAddress(_ host: String) -> Bool {
        if host.hasPrefix("[") { return true }
        return host.split(separator: ".").allSatisfy { label in
            let hex = label.hasPrefix("0x")
            let digits = hex ? label.dropFirst(2) : label
            return !label.isEmpty && digits.allSatisfy { $0.isASCII && (hex ? $0.isHexDigit : $0.isNumber) }
        }
    }

    /// The digits of a phone number and its international form when it has one (`+…`, or `00…` from abroad).
    static func phoneDigits(_ raw: String) throws(OfficialChannelInputError) -> (digits: String, e164: String) {
        let text = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .init(code: "phone_empty", message: "the phone number is empty") }
        guard text.count <= MessageChecker.maximumPhoneCharacters else {
            throw invalidPhone("the phone number is \(text.count) characters long; a number with its spaces fits in \(MessageChecker.maximumPhoneCharacters)")
        }
        let body = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard body.allSatisfy({ ($0.isASCII && $0.isNumber) || " -().".contains($0) }) else {
            throw invalidPhone("a phone number has digits, spaces, - ( ) . and at most one leading +")
        }
        var digits = String(body.filter { $0.isNumber })
        var international = text.hasPrefix("+")
        if !international, digits.hasPrefix("00") { digits.removeFirst(2); international = true }
        guard (3...15).contains(digits.count) else { throw invalidPhone("a phone number has 3 to 15 digits; this one has \(digits.count)") }
        if international, digits.first == "0" { throw invalidPhone("an international number cannot start with 0 after its +") }
        return (digits, international ? "+" + digits : digits)
    }

    static func invalid(_ message: String) -> OfficialChannelInputError { .init(code: "invalid_url", message: message) }
    static func invalidPhone(_ message: String) -> OfficialChannelInputError { .init(code: "invalid_phone", message: message) }
}
