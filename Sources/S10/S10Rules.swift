/// Rules of the S10 standard that do not depend on a particular number.
public enum S10Rules {
    /// Whether a service indicator may appear in a valid number. First letters J, K, S, T and W
    /// are reserved by the S10 standard and never valid; reply coupons use QA–QM only.
    @inlinable public static func isServiceIndicatorAllowed(_ s0: UInt8, _ s1: UInt8) -> Bool {
        switch s0 {
        case UInt8(ascii: "J"), UInt8(ascii: "K"), UInt8(ascii: "S"), UInt8(ascii: "T"), UInt8(ascii: "W"): return false
        case UInt8(ascii: "Q"): return s1 <= UInt8(ascii: "M")
        default: return true
        }
    }
}
