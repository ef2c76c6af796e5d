/// The CSV header of an import file: which column holds which field. Columns are matched by name,
/// in any order; unknown columns are ignored; number, code, time and office are required.
struct CSVHeader {
    /// The field of each column, nil for an ignored column.
    let columns: [EventFields.Name?]

    static let required: [EventFields.Name] = [.number, .code, .time, .office]
    /// The header `posttrace demo-data --format csv` writes.
    static let standard = "number,code,time,office,office_name,city,country,reason,next_office,transport,source"

    init(_ line: UnsafeBufferPointer<UInt8>) throws(LineReject) {
        var fields: [String] = []
        try CSVLine.split(line, into: &fields)
        var seen = Set<EventFields.Name>()
        var columns: [EventFields.Name?] = []
        for raw in fields {
            let name = EventFields.Name(rawValue: raw.trimmingSpaces.lowercased())
            if let name, !seen.insert(name).inserted {
                throw LineReject(.badHeader, "the header names column '\(name.rawValue)' twice")
            }
            columns.append(name)
        }
        let missing = Self.required.filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw LineReject(.badHeader, "the header lacks required column(s): \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        self.columns = columns
    }

    /// The fields of one data line.
    func fields(_ line: UnsafeBufferPointer<UInt8>, scratch: inout [String]) throws(LineReject) -> EventFields {
        try CSVLine.split(line, into: &scratch)
        guard scratch.count == columns.count else {
            throw LineReject(.columnCount, "expected \(columns.count) fields as in the header, found \(scratch.count)")
        }
        var out = EventFields()
        for (i, name) in columns.enumerated() { if let name { out[name] = scratch[i] } }
        return out
    }
}

/// RFC 4180 fields of one line: commas separate, double quotes enclose, `""` is a quote.
/// A record is one line (a quoted field cannot contain a line break).
enum CSVLine {
    static func split(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [String]) throws(LineReject) {
        fields.removeAll(keepingCapacity: true)
        let n = line.count
        var i = 0
        while true {
            if i < n && line[i] == 34 {
                var bytes: [UInt8] = []
                i += 1
                while true {
                    guard i < n else { throw LineReject(.badCSV, "a quoted field is not closed") }
                    if line[i] == 34 {
                        if i + 1 < n && line[i + 1] == 34 { bytes.append(34); i += 2; continue }
                        i += 1
                        break
                    }
                    bytes.append(line[i]); i += 1
                }
                fields.append(String(decoding: bytes, as: UTF8.self))
                guard i == n || line[i] == 44 else { throw LineReject(.badCSV, "text after a closing quote") }
            } else {
                let start = i
                while i < n && line[i] != 44 {
                    if line[i] == 34 { throw LineReject(.badCSV, "a quote inside an unquoted field") }
                    i += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[start..<i]), as: UTF8.self))
            }
            if i == n { return }
            i += 1  // the comma
        }
    }

    /// One field, quoted when needed.
    static func quote(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
