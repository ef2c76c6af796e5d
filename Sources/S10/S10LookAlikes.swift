/// Characters that people confuse when reading a label or typing a number.
enum S10LookAlikes {
    /// The digit a letter is mistaken for: O→0, I/L→1, Z→2, S→5, B→8.
    static func digit(for letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "O"), UInt8(ascii: "D"), UInt8(ascii: "Q"): UInt8(ascii: "0")
        case UInt8(ascii: "I"), UInt8(ascii: "L"): UInt8(ascii: "1")
        case UInt8(ascii: "Z"): UInt8(ascii: "2")
        case UInt8(ascii: "S"): UInt8(ascii: "5")
        case UInt8(ascii: "G"): UInt8(ascii: "6")
        case UInt8(ascii: "B"): UInt8(ascii: "8")
        default: nil
        }
    }

    /// The letters a digit is mistaken for, likeliest first: 0→O, 1→I or L, 2→Z, 5→S, 8→B.
    static func letters(for digit: UInt8) -> [UInt8] {
        switch digit {
        case UInt8(ascii: "0"): [UInt8(ascii: "O")]
        case UInt8(ascii: "1"): [UInt8(ascii: "I"), UInt8(ascii: "L")]
        case UInt8(ascii: "2"): [UInt8(ascii: "Z")]
        case UInt8(ascii: "5"): [UInt8(ascii: "S")]
        case UInt8(ascii: "6"): [UInt8(ascii: "G")]
        case UInt8(ascii: "8"): [UInt8(ascii: "B")]
        default: []
        }
    }

    /// The Latin capital a Cyrillic or Greek look-alike stands for (mixed scripts pasted from other text).
    static func latin(for character: Character) -> UInt8? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        return homoglyphs[scalar.value]?.asciiValue
    }

    private static let homoglyphs: [UInt32: Character] = [
        // Cyrillic capitals and small letters that look Latin.
        0x0410: "A", 0x0412: "B", 0x0415: "E", 0x041A: "K", 0x041C: "M", 0x041D: "H", 0x041E: "O",
        0x0420: "P", 0x0421: "C", 0x0422: "T", 0x0423: "Y", 0x0425: "X", 0x0406: "I", 0x0408: "J",
        0x0430: "A", 0x0435: "E", 0x043E: "O", 0x0440: "P", 0x0441: "C", 0x0443: "Y", 0x0445: "X",
        0x0456: "I", 0x0458: "J",
        // Greek capitals that look Latin.
        0x0391: "A", 0x0392: "B", 0x0395: "E", 0x0396: "Z", 0x0397: "H", 0x0399: "I", 0x039A: "K",
        0x039C: "M", 0x039D: "N", 0x039F: "O", 0x03A1: "P", 0x03A4: "T", 0x03A5: "Y", 0x03A7: "X",
    ]
}
