import S10

extension Language {
    /// The language to answer a WeChat message in, by its script: Chinese by default (the platform's
    /// audience), traditional characters when the message writes more traditional-only characters than
    /// simplified-only ones, English when the words around the tracking numbers are English and there is
    /// no Chinese at all. `ignoring` are the ranges of the numbers found, so `EE123456785CN` alone stays Chinese.
    public static func ofWeChatMessage(_ text: String, ignoring ranges: [Range<String.Index>] = []) -> Language {
        var letters = 0, run = 0, words = 0, han = false, traditional = 0, simplified = 0
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            if let r = ranges.first(where: { $0.contains(index) }) {
                index = r.upperBound; run = 0; continue
            }
            let scalar = text.unicodeScalars[index], v = scalar.value
            if isHan(v) {
                han = true
                if traditionalOnly.contains(scalar) { traditional += 1 } else if simplifiedOnly.contains(scalar) { simplified += 1 }
            } else if (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A {
                letters += 1; run += 1
                if run == 2 { words += 1 }
            } else {
                run = 0
            }
            text.unicodeScalars.formIndex(after: &index)
        }
        if han { return traditional > simplified ? .zhHant : .zhHans }
        return words >= 1 && letters >= 3 ? .en : .zhHans
    }

    /// CJK ideographs, CJK punctuation and full-width forms: any of them means the follower writes Chinese.
    private static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3000...0x303F).contains(v)
            || (0xFF01...0xFF5E).contains(v) || (0x20000...0x2A6DF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    /// Frequent characters written differently in the two scripts, pairwise (simplified[i] ↔ traditional[i]),
    /// chosen from what people write about parcels: numbers, post, customs, delivery, asking and thanking.
    private static let pairs: [(simplified: Character, traditional: Character)] = Array(zip(
        "号码邮请询单递货国关这个么吗谢还发时间为问说们来东买卖给运输达过没经处务费钱长门开让样点现与从后会对无几见觉订湾广网电话派态记录转车办该应实证书质条难认识压统联络当谁边岛纸读写区丢换购",
        "號碼郵請詢單遞貨國關這個麼嗎謝還發時間為問說們來東買賣給運輸達過沒經處務費錢長門開讓樣點現與從後會對無幾見覺訂灣廣網電話派態記錄轉車辦該應實證書質條難認識壓統聯絡當誰邊島紙讀寫區丟換購"))
        .filter { $0.0 != $0.1 }
    private static let simplifiedOnly = Set(pairs.flatMap { $0.simplified.unicodeScalars })
    private static let traditionalOnly = Set(pairs.flatMap { $0.traditional.unicodeScalars })
}
