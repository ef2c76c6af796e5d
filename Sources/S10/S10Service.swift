/// The category of postal service named by an S10 service indicator (the first two letters).
///
/// From the service indicator table of UPU standard S10 (12th version): ranges shared by all
/// countries have a fixed meaning; the rest are left to each operator for domestic or bilateral use.
public enum S10Service: String, Sendable, Hashable, CaseIterable, Codable {
    /// EMS, the international express mail service (EA–EZ).
    case ems
    /// Parcel post (CA–CZ).
    case parcelPost = "parcel_post"
    /// Registered letter post (RA–RZ).
    case registeredLetter = "registered_letter"
    /// Insured letter post (VA–VZ).
    case insuredLetter = "insured_letter"
    /// Express letter post, "exprès" delivery (LA–LZ).
    case expressLetter = "express_letter"
    /// Letter post with a customs declaration (CN 22/CN 23) and no other service (UA–UZ).
    case letterWithCustomsDeclaration = "letter_customs_declaration"
    /// E-commerce parcel, small goods items bought online (HA–HZ).
    case ecommerceParcel = "ecommerce_parcel"
    /// M-bag, printed matter sent to one addressee in one bag (MA–MZ).
    case mBag = "m_bag"
    /// International reply coupons and business reply items (QA–QM).
    case replyCoupon = "reply_coupon"
    /// Ranges each operator may use domestically or by bilateral agreement (AV–AZ, B, D, F, G, I, N, O, P, X, Y, Z).
    case domesticOrBilateral = "domestic_bilateral"
    /// Allowed but not given a meaning by the standard (AA–AU).
    case unassigned
    /// Reserved by the standard and never valid (J, K, S, T, W and QN–QZ).
    case reserved

    /// The category of a two-letter upper-case service indicator; `nil` when either byte is not A–Z.
    @inlinable public init?(indicator s0: UInt8, _ s1: UInt8) {
        guard s0 &- 65 < 26, s1 &- 65 < 26 else { return nil }
        switch s0 {
        case UInt8(ascii: "E"): self = .ems
        case UInt8(ascii: "C"): self = .parcelPost
        case UInt8(ascii: "R"): self = .registeredLetter
        case UInt8(ascii: "V"): self = .insuredLetter
        case UInt8(ascii: "L"): self = .expressLetter
        case UInt8(ascii: "U"): self = .letterWithCustomsDeclaration
        case UInt8(ascii: "H"): self = .ecommerceParcel
        case UInt8(ascii: "M"): self = .mBag
        case UInt8(ascii: "Q"): self = s1 <= UInt8(ascii: "M") ? .replyCoupon : .reserved
        case UInt8(ascii: "A"): self = s1 <= UInt8(ascii: "U") ? .unassigned : .domesticOrBilateral
        case UInt8(ascii: "J"), UInt8(ascii: "K"), UInt8(ascii: "S"), UInt8(ascii: "T"), UInt8(ascii: "W"): self = .reserved
        default: self = .domesticOrBilateral
        }
    }

    /// The category of a service indicator written as text (`"EE"`, `"rr"`); nil unless two letters A–Z.
    public init?(indicator text: some StringProtocol) {
        let bytes = text.utf8.map { $0 &- 97 < 26 ? $0 - 32 : $0 }  // ASCII only: "ß".uppercased() is "SS"
        guard bytes.count == 2 else { return nil }
        self.init(indicator: bytes[0], bytes[1])
    }
}

extension S10Number {
    /// The category of postal service named by the service indicator.
    public var service: S10Service {
        S10Service(indicator: Self.letter(packed >> 46), Self.letter(packed >> 41)) ?? .unassigned
    }
}
