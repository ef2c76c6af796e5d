import PostTraceCore

/// Generated hostile messages for the scam checker, like the `message-check` fuzz target's inputs: up to 4 KB
/// of corpus fragments, links (look-alike, punycode, IP, shortened), phone, account and tracking numbers,
/// invisible and direction-control characters, scripts of every rule language, control characters and noise.
/// Deterministic for a seed, so two builds can be compared on the same inputs.
struct HostileMessages {
    /// Scalar ranges the rules and the link judge care about.
    static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0x30...0x39, 0x61...0x7A, 0x00...0x1F, 0xC0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x600...0x6FF,
        0x3040...0x30FF, 0xFF61...0xFF9F, 0xFF01...0xFF5E, 0x4E00...0x4FFF, 0xAC00...0xAD00, 0x300...0x36F,
        0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x1F600...0x1F64F, 0x3000...0x303F,
    ]
    static let tlds: [String] = ["top", "com", "cn", "xyz", "info", "jp", "co.uk", "ru", "de", "fr", "com.cn", "net", "icu", "shop", "xn--p1ai"]
    static let labels: [String] = ["usps", "ems", "chinapost", "royalmail", "japanpost", "kuroneko", "sagawa", "dhl", "fedex", "post",
                         "delivery", "track", "pay", "redelivery", "xn--80ak6aa92e", "сhinapost", "usps-redelivery", "bit",
                         "amazon", "paypal", "yamato", "ems-pay", "chlnap0st", "rnail", "www", "laposte", "correos"]
    static let words: [String] = ["pay", "now", "fee", "customs", "请支付", "运费", "お支払い", "再配達", "결제", "оплатите", "pagar", "payer",
                        "zahlen", "ادفع", "QRコード", "読み取って", "普通", "口座番号", "WebMoney", "never", "不会", "ありません",
                        "call", "电话", "までお電話ください", "verification code", "验证码", "card", "カード", "LINE", "@", "【中国邮政】",
                        "USPS:", "Почта России:", "within 24 hours", "至急", "。", ". ", "\n", "  ", "~", "#", "￥", "$1.99"]
    static let invisible: [Unicode.Scalar] = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{202E}", "\u{2066}", "\u{FEFF}", "\u{00AD}", "\u{0640}"]

    /// `count` messages from `seed`, each at most 4,096 UTF-8 bytes; `fragments` are texts to cut pieces from.
    static func make(count: Int, seed: UInt64, fragments: [String]) -> [String] {
        var g = SplitMix64(seed: seed)
        let pieces = fragments.map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }
        return (0..<count).map { _ in message(&g, pieces: pieces) }
    }

    static func message(_ g: inout SplitMix64, pieces: [[Unicode.Scalar]]) -> String {
        let limit = g.pick([16, 64, 256, 1024, 4096])
        var out = String.UnicodeScalarView()
        var bytes = 0
        while bytes < limit {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: self.piece(&g, pieces: pieces).unicodeScalars)
            let size = String(piece).utf8.count
            guard bytes + size <= limit else { if bytes == 0 { continue } else { break } }
            out.append(contentsOf: piece)
            bytes += size
            if g.below(8) == 0 { break }
        }
        return String(out)
    }

    static func piece(_ g: inout SplitMix64, pieces: [[Unicode.Scalar]]) -> String {
        switch g.below(9) {
        case 0, 1:
            guard !pieces.isEmpty else { return "" }
            let p = g.pick(pieces), start = g.below(p.count), length = 1 + g.below(120)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: p[start..<min(p.count, start + length)])
            return String(view)
        case 2:
            let schemes: [String] = ["", "https://", "http://", "hxxp://", "www.", ""]
            var host: [String] = []
            for _ in 0..<(1 + g.below(3)) { host.append(g.pick(labels)) }
            let separators: [String] = [".", "-", "."]
            let paths: [String] = ["", "/pay", "/?id=\(g.below(99999))", "/a/b.html", ":8080/x", "@evil.top"]
            return "\(g.pick(schemes))\(host.joined(separator: g.pick(separators))).\(g.pick(tlds))\(g.pick(paths))"
        case 3:
            var octets: [String] = []
            for _ in 0..<4 { octets.append(String(g.below(300))) }
            let ip = octets.joined(separator: ".")
            let numbers: [String] = ["http://\(ip)/x", ip, "+\(g.below(99)) \(100_000_000 + g.below(899_999_999))",
                                     "13\(100_000_000 + g.below(899_999_999))", "0120-\(g.below(999))-\(g.below(999))"]
            return g.pick(numbers)
        case 4:
            let letters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            let spaces: [String] = [" ", "", "\n"]
            let serial = 10_000_000 + g.below(89_999_999), digit = g.below(10)
            let prefix = String([g.pick(letters), g.pick(letters)]), country = String([g.pick(letters), g.pick(letters)])
            return "\(g.pick(spaces))\(prefix)\(serial)\(digit)\(country) "
        case 5: return g.pick(words)
        case 6:
            var view = String.UnicodeScalarView()
            for _ in 0..<(1 + g.below(4)) { view.append(g.pick(invisible)) }
            return String(view)
        case 7:
            let cues: [String] = ["普通 ", "口座番号：", "account number ", "IBAN DE89 "]
            return "\(g.pick(cues))\(1_000_000 + g.below(8_999_999))"
        default:
            var view = String.UnicodeScalarView()
            let range = g.pick(ranges)
            for _ in 0..<(1 + g.below(24)) {
                let value = range.lowerBound + UInt32(g.below(Int(range.upperBound - range.lowerBound) + 1))
                if let scalar = Unicode.Scalar(value) { view.append(scalar) }
            }
            return String(view)
        }
    }
}
