import Foundation
import PostTraceCore
import S10

/// The text fields of one record as read from NDJSON or CSV, before validation.
struct EventFields {
    var number: String?
    var code: String?
    var time: String?
    var office: String?
    var officeName: String?
    var city: String?
    var country: String?
    var reason: String?
    var nextOffice: String?
    var transport: String?
    var source: String?
    var receivedAt: String?

    /// The longest accepted field, in bytes.
    static let maxFieldBytes = 256

    /// Field names as in the API, NDJSON keys and CSV header.
    enum Name: String, CaseIterable {
        case number, code, time, office, officeName = "office_name", city, country, reason
        case nextOffice = "next_office", transport, source, receivedAt = "received_at"

        /// The name spelled by `utf8` exactly, compared as bytes (no String made).
        init?(utf8: UnsafeBufferPointer<UInt8>) {
            guard let key = utf8.baseAddress else { return nil }
            for (name, spelling) in Self.spellings where spelling.count == utf8.count {
                if spelling.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key, utf8.count) == 0 }) {
                    self = name
                    return
                }
            }
            return nil
        }

        private static let spellings = allCases.map { ($0, Array($0.rawValue.utf8)) }

        /// The name's position in `allCases` (0–11), for bit sets.
        var bit: Int {
            switch self {
            case .number: 0
            case .code: 1
            case .time: 2
            case .office: 3
            case .officeName: 4
            case .city: 5
            case .country: 6
            case .reason: 7
            case .nextOffice: 8
            case .transport: 9
            case .source: 10
            case .receivedAt: 11
            }
        }
    }

    subscript(name: Name) -> String? {
        get {
            switch name {
            case .number: number
            case .code: code
            case .time: time
            case .office: office
            case .officeName: officeName
            case .city: city
            case .country: country
            case .reason: reason
            case .nextOffice: nextOffice
            case .transport: transport
            case .source: source
            case .receivedAt: receivedAt
            }
        }
        set {
            switch name {
            case .number: number = newValue
            case .code: code = newValue
            case .time: time = newValue
            case .office: office = newValue
            case .officeName: officeName = newValue
            case .city: city = newValue
            case .country: country = newValue
            case .reason: reason = newValue
            case .nextOffice: nextOffice = newValue
            case .transport: transport = newValue
            case .source: source = newValue
            case .receivedAt: receivedAt = newValue
            }
        }
    }

    /// Whether a byte is a C0 control character other than tab (UTF-8 never uses these bytes inside a
    /// longer character, so checking bytes finds exactly the characters).
    static func isControlCharacter(_ byte: UInt8) -> Bool { byte < 0x20 && byte != 0x09 }

    static func hex4(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Whether text has the shape of a UPU EMSEVT code: exactly three capital ASCII letters.
    static func isEventCodeShape(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// Checks every field and builds the event; `receivedAt` fills a missing `received_at`.
    func event(receivedAt now: Int64?) throws(LineReject) -> TrackingEvent {
        for name in Name.allCases where (self[name]?.utf8.count ?? 0) > Self.maxFieldBytes {
            throw LineReject(.fieldTooLong, "\(name.rawValue) is longer than \(Self.maxFieldBytes) bytes")
        }
        for name in Name.allCases {
            if let byte = self[name]?.utf8.first(where: Self.isControlCharacter) {
                throw LineReject(.controlCharacter, "\(name.rawValue) holds the control character U+\(Self.hex4(byte)); remove it")
            }
        }
        let number = try Self.required(self.number, .number)
        let codeText = try Self.required(code, .code)
        let timeText = try Self.required(time, .time)
        let officeText = try Self.required(office, .office)
        let s10 = try EventFields.checkNumber(number)
        let code = EventCode(rawValue: codeText)
        // Issue 4's rule wins over a strict list: a well-formed code PostTrace does not know yet (UPU adds codes)
        // is kept and shown as unknown, never dropped; only text that cannot be a UPU event code is rejected.
        guard Self.isEventCodeShape(codeText) else {
            throw LineReject(.unknownEventCode, "event code '\(codeText)' is not a UPU event code (three capital letters such as EMA)")
        }
        let time = try Self.checkTime(timeText)
        let office = Office(code: officeText, name: nonEmpty(officeName), city: nonEmpty(city))
        guard Self.isOfficeCode(officeText) else {
            throw LineReject(.badOffice, "office '\(officeText)' must be 2 to 16 capital letters and digits starting with an ISO country code")
        }
        if let country = nonEmpty(country), country.utf8.count != 2 || !officeText.utf8.starts(with: country.utf8) {
            throw LineReject(.countryMismatch, "country '\(country)' differs from the office's country \(officeText.prefix(2))")
        }
        var received = now
        if let text = nonEmpty(receivedAt) {
            guard let value = Int64(text), value >= 0 else {
                throw LineReject(.badReceivedAt, "received_at must be whole seconds since 1970")
            }
            received = value
        }
        return TrackingEvent(number: s10, code: code, time: time, office: office,
                             reason: nonEmpty(reason).map(ReasonCode.init(rawValue:)), nextOffice: nonEmpty(nextOffice),
                             transport: nonEmpty(transport), source: nonEmpty(source), receivedAt: received)
    }

    private static func required(_ value: String?, _ name: Name) throws(LineReject) -> String {
        guard let value, !value.isEmpty else { throw LineReject(.missingField, "\(name.rawValue) is missing") }
        return value
    }

    static func checkTime(_ text: String) throws(LineReject) -> LocalTime {
        if let time = LocalTime(rfc3339: text) { return time }
        if LocalTime(rfc3339: text + "Z") != nil {
            throw LineReject(.timeWithoutOffset, "time '\(text)' has no UTC offset (add e.g. +08:00 or Z)")
        }
        throw LineReject(.badTime, "time '\(text)' is not RFC 3339 (e.g. 2026-03-03T09:10:00+08:00)")
    }

    /// 2–16 capital letters and digits, the first two an assigned ISO 3166-1 code (checked on bytes: hot path).
    static func isOfficeCode(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (2...16).contains(bytes.count), bytes.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else { return false }
        var i = bytes.makeIterator()
        return Country.isAssigned(i.next()!, i.next()!)
    }
}

private func nonEmpty(_ s: String?) -> String? {
    guard let s, !s.isEmpty else { return nil }
    return s
}
