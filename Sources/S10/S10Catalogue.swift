/// Every sentence the S10 library says to people, one function per language.
/// The switches are exhaustive, so a new error code cannot ship without both texts.
enum S10Catalogue {
    static func english(_ e: S10Error) -> String {
        let at = e.position.map(String.init) ?? "?"
        let found = visible(e.found ?? "")
        switch e.code {
        case .empty:
            return "Nothing was entered. Type or paste the 13-character tracking number from your receipt, e.g. EE123456785CN."
        case .length:
            return "This has \(e.found ?? "?") characters, but a tracking number has 13: 2 letters, 9 digits, 2 letters "
                + "(e.g. EE123456785CN). Check for a missing or extra character."
        case .characters:
            return "Character \(at) (\(found)) cannot be part of a tracking number. Use only the letters A–Z and digits 0–9 "
                + "printed on the receipt."
        case .serviceIndicator:
            return "The number must start with two letters (the service, e.g. EE or RR), not \(found)."
                + hint(e.expected, en: true)
        case .serviceIndicatorReserved:
            return "\(found) is not used at the start of tracking numbers (J, K, S, T, W and QN–QZ are reserved). "
                + "Check the first two letters on the receipt."
        case .serial:
            return "Characters 3 to 10 must be digits (the serial number), not \(found)." + hint(e.expected, en: true)
        case .checkDigit:
            if let expected = e.expected {
                return "The check digit (character 11) should be \(expected) for this serial number, but it is \(found). "
                    + "A character was probably mistyped: compare the number with the receipt."
            }
            return "Character 11 must be the check digit (0–9), not \(found)."
        case .countryMissing:
            return "The country is missing: the last two letters name the country of the post office that accepted the item, "
                + "e.g. CN for China. Add them as printed on the receipt."
        case .countryIncomplete:
            return "The country has one letter, \(found), but needs two: the last two letters name the country of the post office "
                + "that accepted the item, e.g. CN for China. The number was probably cut short: copy it again from the receipt."
        case .countryUnknown:
            return "\(found) is not a country code: the last two letters name the country of the post office that accepted "
                + "the item, e.g. CN for China or GB for the United Kingdom. Check them on the receipt."
        }
    }

    static func chinese(_ e: S10Error) -> String {
        let at = e.position.map(String.init) ?? "?"
        let found = visible(e.found ?? "")
        switch e.code {
        case .empty:
            return "没有输入内容。请输入或粘贴收据上的 13 位邮件号码，例如 EE123456785CN。"
        case .length:
            return "输入有 \(e.found ?? "?") 个字符，而邮件号码应为 13 位：2 个字母、9 个数字、2 个字母（例如 EE123456785CN）。"
                + "请检查是否漏输或多输了字符。"
        case .characters:
            return "第 \(at) 个字符（\(found)）不能出现在邮件号码中。只能使用收据上的字母 A–Z 和数字 0–9。"
        case .serviceIndicator:
            return "号码必须以两个字母开头（业务种类，例如 EE 或 RR），而不是 \(found)。" + hint(e.expected, en: false)
        case .serviceIndicatorReserved:
            return "\(found) 不会出现在邮件号码开头（J、K、S、T、W 以及 QN–QZ 为保留字母）。请核对收据上的前两个字母。"
        case .serial:
            return "第 3 至第 10 位必须是数字（序号），而不是 \(found)。" + hint(e.expected, en: false)
        case .checkDigit:
            if let expected = e.expected {
                return "第 11 位是校验位：按这个序号应为 \(expected)，但输入的是 \(found)。很可能输错了一个字符，请与收据核对。"
            }
            return "第 11 位必须是校验数字（0–9），而不是 \(found)。"
        case .countryMissing:
            return "缺少国家代码：最后两个字母表示收寄该邮件的邮局所在国家，例如中国为 CN。请按收据补上这两个字母。"
        case .countryIncomplete:
            return "国家代码只有一个字母 \(found)，应为两个：最后两个字母表示收寄该邮件的邮局所在国家，例如中国为 CN。号码可能被截短了，请按收据重新复制。"
        case .countryUnknown:
            return "\(found) 不是国家代码：最后两个字母表示收寄该邮件的邮局所在国家，例如中国为 CN、英国为 GB。请核对收据。"
        }
    }

    /// A look-alike correction hint, e.g. the letter O typed for the digit 0.
    private static func hint(_ corrected: String?, en: Bool) -> String {
        guard let corrected else { return "" }
        return en ? " Perhaps \(corrected) was meant (O and 0, I and 1, S and 5 look alike)."
                  : "也许应为 \(corrected)（O 与 0、I 与 1、S 与 5 容易混淆）。"
    }

    /// Quotes text, spelling out invisible or control characters as U+XXXX so the person can see them.
    static func visible(_ text: String) -> String {
        var out = "“"
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
                out += "U+" + hex4(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "”"
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
