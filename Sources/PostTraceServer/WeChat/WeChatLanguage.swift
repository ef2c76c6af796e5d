import S10

extension Language {
    /// The language to answer a WeChat message in: Chinese by default (the platform's audience), English when
    /// the words around the tracking numbers are English and there is no Chinese at all.
    /// `ignoring` are the ranges of the numbers found, so that `EE123456785CN` alone stays Chinese.
    public static func ofWeChatMessage(_ text: String, ignoring ranges: [Range<String.Index>] = []) -> Language {
        var letters = 0, run = 0, words = 0
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            if let r = ranges.first(where: { $0.contains(index) }) {
                index = r.upperBound; run = 0; continue
            }
            let v = text.unicodeScalars[index].value
            if isHan(v) { return .zhHans }
            if (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A {
                letters += 1; run += 1
                if run == 2 { words += 1 }
            } else {
                run = 0
            }
            text.unicodeScalars.formIndex(after: &index)
        }
        return words >= 1 && letters >= 3 ? .en : .zhHans
    }

    /// CJK ideographs, CJK punctuation and full-width forms: any of them means the follower writes Chinese.
    private static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3000...0x303F).contains(v)
            || (0xFF01...0xFF5E).contains(v) || (0x20000...0x2A6DF).contains(v) || (0xF900...0xFAFF).contains(v)
    }
}
