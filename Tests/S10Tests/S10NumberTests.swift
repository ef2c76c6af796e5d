import PostTraceCore
import Foundation
import Testing
@testable import S10

@Suite("S10 numbers: published vectors, parts, services, countries")
struct S10NumberTests {
    /// Numbers printed in public documents (Wikipedia's S10 article, postal operators' examples, the issue).
    static let published = ["RR287043775IN", "RB123456785GB", "EE471108151FR", "EE123456785CN"]

    @Test("published numbers validate", arguments: published)
    func publishedVectors(_ text: String) throws {
        let result = S10.validate(text)
        #expect(result.isValid)
        #expect(result.errors.isEmpty)
        let number = try #require(result.number)
        #expect(number.description == text)
        #expect(S10Number(text) == number)
    }

    @Test("the check digit follows weights 8 6 4 2 3 5 9 7, with 10 → 0 and 11 → 5")
    func checkDigitRule() {
        #expect(S10Number.checkDigit(forSerial: 47_312_482) == 9)  // S = 200, the standard's worked example
        #expect(S10Number.checkDigit(forSerial: 28_704_377) == 5)
        var zeroSeen = false, fiveFromEleven = false
        for serial in UInt32(0)..<3_000 {
            let s = Self.weightedSum(serial)
            let c = S10Number.checkDigit(forSerial: serial)
            if s % 11 == 1 { #expect(c == 0); zeroSeen = true }
            if s % 11 == 0 { #expect(c == 5); fiveFromEleven = true }
            if s % 11 > 1 { #expect(Int(c) == 11 - s % 11) }
        }
        #expect(zeroSeen && fiveFromEleven)
    }

    @Test("parts, service and country of a number")
    func parts() throws {
        let number = try #require(S10Number("EE123456785CN"))
        #expect(number.serviceIndicator == "EE")
        #expect(number.serial == "12345678")
        #expect(number.serialValue == 12_345_678)
        #expect(number.checkDigit == 5)
        #expect(number.countryCode == "CN")
        #expect(number.service == .ems)
        #expect(number.country.englishName == "China")
        #expect(number.country.chineseName == "中国")
        #expect(S10Number(serviceIndicator: "RR", serial: 28_704_377, countryCode: "IN")?.description == "RR287043775IN")
    }

    @Test("Codable as the 13-character string; storage key round-trips")
    func codable() throws {
        let number = try #require(S10Number("RB123456785GB"))
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["RB123456785GB"]"#)
        #expect(try JSONDecoder().decode([S10Number].self, from: data) == [number])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([S10Number].self, from: Data(#"["RB123456789GB"]"#.utf8)) }
        #expect(S10Number(storageKey: number.storageKey) == number)
    }

    @Test("a storage key that is not a packed valid number is refused: wrong check digit, no letter, out of range")
    func corruptStorageKeys() throws {
        let number = try #require(S10Number("EE123456785CN"))
        let key = number.storageKey
        #expect(S10Number(storageKey: key)?.description == "EE123456785CN")
        #expect(S10Number(storageKey: key)?.utf8 == Array("EE123456785CN".utf8))
        let checkBits: Int64 = 0xF << 10
        for check in Int64(0)...15 where check != 5 {
            #expect(S10Number(storageKey: key & ~checkBits | check << 10) == nil, "check digit \(check)")
        }
        #expect(S10Number(storageKey: key | 0x1F) == nil)  // country's second letter past Z
        #expect(S10Number(storageKey: key | 0x1F << 41) == nil)  // indicator's second letter past Z
        #expect(S10Number(storageKey: key | 1 << 51) == nil)
        #expect(S10Number(storageKey: -1) == nil)
        #expect(S10Number(storageKey: 0) == nil)  // AA00000000?AA: AA is not an assigned country
        #expect(S10Number(storageKey: Int64.max) == nil)
    }

    @Test("service categories follow the S10 service indicator table")
    func services() {
        let expected: [String: S10Service] = [
            "EA": .ems, "EZ": .ems, "CP": .parcelPost, "RR": .registeredLetter, "VV": .insuredLetter,
            "LA": .expressLetter, "UA": .letterWithCustomsDeclaration, "HA": .ecommerceParcel, "MA": .mBag,
            "QA": .replyCoupon, "QM": .replyCoupon, "QN": .reserved, "QZ": .reserved, "AA": .unassigned, "AU": .unassigned,
            "AV": .domesticOrBilateral, "BA": .domesticOrBilateral, "ZZ": .domesticOrBilateral, "XA": .domesticOrBilateral,
            "JA": .reserved, "KZ": .reserved, "SA": .reserved, "TT": .reserved, "WW": .reserved,
        ]
        for (indicator, service) in expected { #expect(S10Service(indicator: indicator) == service, "\(indicator)") }
        #expect(S10Service(indicator: "ee") == .ems)
        #expect(S10Service(indicator: "E1") == nil)
        #expect(S10Service(indicator: "EEE") == nil)
        #expect(S10Service(indicator: "ß") == nil)  // would upper-case to "SS" with Unicode rules
        for service in S10Service.allCases {
            #expect(!service.name(in: .en).isEmpty)
            #expect(service.name(in: .zhHans).unicodeScalars.contains { $0.value > 0x3000 }, "\(service) has a Chinese name")
        }
    }

    @Test("a reserved service indicator is never valid, whatever the rest")
    func reservedNeverValid() {
        for first in "JKSTW" {
            for second in "AMZ" {
                let text = "\(first)\(second)123456785CN"
                #expect(S10Number(text) == nil)
                #expect(S10.validate(text).errors.map(\.code) == [.serviceIndicatorReserved])
            }
        }
    }

    @Test("countries: every assigned code with both names; reserved codes are not countries")
    func countries() {
        #expect(Country.all.count == 249)
        for country in Country.all {
            #expect(country.code.count == 2)
            #expect(!country.englishName.isEmpty && !country.chineseName.isEmpty)
        }
        for code in ["XX", "ZZ", "QZ", "AA", "UK", "EU", "cn", "C", "CNN", ""] { #expect(Country(code: code) == nil, "\(code)") }
        #expect(Country(code: "GB")?.chineseName == "英国")
        // The generated bit masks agree with the generated table for all 676 letter pairs.
        let codes = Set(Country.all.map(\.code))
        for a in UInt8(65)...90 {
            for b in UInt8(65)...90 {
                #expect(Country.isAssigned(a, b) == codes.contains(String(decoding: [a, b], as: UTF8.self)))
            }
        }
        #expect(!Country.isAssigned(0, 0) && !Country.isAssigned(UInt8(ascii: "c"), UInt8(ascii: "n")))
    }

    static func weightedSum(_ serial: UInt32) -> Int {
        let weights = [8, 6, 4, 2, 3, 5, 9, 7]
        var rest = Int(serial), digits = [Int](repeating: 0, count: 8)
        for k in stride(from: 7, through: 0, by: -1) { digits[k] = rest % 10; rest /= 10 }
        return zip(digits, weights).map(*).reduce(0, +)
    }
}
