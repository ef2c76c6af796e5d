/// A country or territory by its ISO 3166-1 alpha-2 code, with its English name (PostTraceCore's catalogues
/// name it in every language).
public struct Country: Sendable, Hashable {
    /// The ISO 3166-1 alpha-2 code, e.g. `CN`.
    public let code: String
    /// The English short name, e.g. `China`.
    public let englishName: String
    /// The position in `Country.all` (codes sorted), to index per-country tables.
    public let index: Int

    /// The country for an assigned ISO 3166-1 alpha-2 code (upper case); nil for unassigned
    /// or reserved codes such as `XX`, `ZZ`, `QZ`, `AA` or `UK`.
    public init?(code: String) {
        var bytes = code.utf8.makeIterator()  // not an Array: timelines name countries per event
        guard let c0 = bytes.next(), let c1 = bytes.next(), bytes.next() == nil else { return nil }
        self.init(letters: c0, c1)
    }

    /// The country for two upper-case ASCII letters (`C`, `N`); nil for unassigned codes. Allocation-free.
    public init?(letters c0: UInt8, _ c1: UInt8) {
        guard let row = Country.row(c0, c1) else { return nil }
        self.init(row: row)
    }

    init(row: Int) {
        let entry = countryTable[row]
        self.code = entry.code
        self.englishName = entry.english
        self.index = row
    }

    /// Every assigned country, sorted by code.
    public static var all: [Country] { countryTable.map { Country(code: $0.code)! } }

    /// Whether two upper-case ASCII letters form an assigned code. Allocation-free.
    @inlinable public static func isAssigned(_ c0: UInt8, _ c1: UInt8) -> Bool {
        let i0 = c0 &- 65, i1 = c1 &- 65
        guard i0 < 26, i1 < 26 else { return false }
        return assignedMask(first: i0) & (1 << UInt32(i1)) != 0
    }

    static let rowIndex: [Int16] = {
        var index = [Int16](repeating: -1, count: 26 * 26)
        for (row, entry) in countryTable.enumerated() {
            let b = Array(entry.code.utf8)
            index[Int(b[0] - 65) * 26 + Int(b[1] - 65)] = Int16(row)
        }
        return index
    }()

    static func row(_ c0: UInt8, _ c1: UInt8) -> Int? {
        guard isAssigned(c0, c1) else { return nil }
        return Int(rowIndex[Int(c0 - 65) * 26 + Int(c1 - 65)])
    }
}
