extension S10 {
    /// Other valid numbers one slip away from a valid `number`, where the check digit cannot tell: the two
    /// letters of the service indicator and of the country code. The suffix first, as it is the usual slip.
    ///
    /// A valid number without any record is often a mistyped one that still validates: `CN` typed as `CM`
    /// (the neighbouring key) or `NC`. The check digit covers only the digits, so only a store can tell which
    /// of these exist; ask it for these and show those it knows. Slips: a key next to the intended one on a
    /// QWERTY keyboard, a look-alike letter (O/Q/D, I/L, U/V, M/N), or the pair's two letters swapped.
    /// At most 40 numbers, each valid and different from `number`.
    public static func neighbours(of number: S10Number) -> [S10Number] {
        var out: [S10Number] = []
        number.withUTF8 { canonical in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 13) { work in
                _ = work.initialize(from: canonical)
                func consider() {
                    if out.count < 40, let candidate = S10Number(bytes: UnsafeBufferPointer(work)), candidate != number,
                       !out.contains(candidate) { out.append(candidate) }
                }
                for pair in [11, 0] {
                    let a = work[pair], b = work[pair + 1]
                    (work[pair], work[pair + 1]) = (b, a); consider(); (work[pair], work[pair + 1]) = (a, b)
                    for position in [pair + 1, pair] {
                        let original = work[position]
                        for replacement in S10Neighbours.slips(of: original) { work[position] = replacement; consider() }
                        work[position] = original
                    }
                }
            }
        }
        return out
    }
}

/// The letters a typist or reader may put for another.
enum S10Neighbours {
    /// Keys next to each letter on a QWERTY keyboard (same row and the rows above and below), then look-alikes.
    static func slips(of letter: UInt8) -> [UInt8] {
        guard letter &- UInt8(ascii: "A") < 26 else { return [] }
        return table[Int(letter - UInt8(ascii: "A"))]
    }

    private static let table: [[UInt8]] = [
        "QWSZ",      // A
        "VGHN",      // B
        "XDFV",      // C
        "SERFCXO",   // D
        "WSDR",      // E
        "DRTGVC",    // F
        "FTYHBV",    // G
        "GYUJNB",    // H
        "UJKOL",     // I
        "HUIKMN",    // J
        "JIOLM",     // K
        "KOPI",      // L
        "NJK",       // M
        "BHJM",      // N
        "IKLPQD",    // O
        "OL",        // P
        "WAO",       // Q
        "EDFT",      // R
        "AWEDXZ",    // S
        "RFGY",      // T
        "YHJIV",     // U
        "CFGBU",     // V
        "QASE",      // W
        "ZSDC",      // X
        "TGHU",      // Y
        "ASX",       // Z
    ].map { Array($0.utf8) }
}
