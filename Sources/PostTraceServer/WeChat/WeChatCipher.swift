import Foundation

/// The WeChat platform's message encryption ("safe mode", 安全模式): AES-256-CBC under the account's
/// EncodingAESKey, the IV being the key's first 16 bytes, over
/// `16 random bytes ‖ message length (4 bytes, big-endian) ‖ message ‖ AppID`, padded PKCS#7-style to
/// 32-byte blocks, then Base64. The platform's scheme, not ours; libcrypto does the AES.
public struct WeChatCipher: Sendable {
    /// The account's AppID, which ends every plaintext: a message for another account is refused.
    public let appID: String
    private let key: [UInt8]
    static let block = 32

    /// The cipher for a 43-character EncodingAESKey (Base64 of 32 bytes without its `=`) and the AppID;
    /// nil when the key is not that.
    public init?(encodingAESKey: String, appID: String) {
        guard encodingAESKey.utf8.count == 43, !appID.isEmpty, appID.utf8.count <= 64,
              let key = Data(base64Encoded: encodingAESKey + "="), key.count == 32 else { return nil }
        self.key = Array(key)
        self.appID = appID
    }

    /// The message inside a Base64 `Encrypt` value; throws when it is not one this account's key made.
    public func decrypt(_ encrypted: String) throws(WeChatXMLError) -> [UInt8] {
        guard let data = Data(base64Encoded: encrypted), !data.isEmpty, data.count % Self.block == 0 else {
            throw Self.refused("Encrypt is not Base64 of whole 32-byte blocks")
        }
        guard let plain = LibCrypto.aes256CBC(encrypt: false, key: key, iv: Array(key.prefix(16)), Array(data)),
              let pad = plain.last, pad >= 1, Int(pad) <= Self.block, plain.suffix(Int(pad)).allSatisfy({ $0 == pad })
        else { throw Self.refused("Encrypt does not decrypt under this EncodingAESKey") }
        let body = plain.dropLast(Int(pad))
        guard body.count >= 20 else { throw Self.refused("the decrypted message is too short") }
        let lengthBytes = body[body.startIndex + 16 ..< body.startIndex + 20]
        let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
        let start = body.startIndex + 20
        guard length <= body.count - 20 else { throw Self.refused("the decrypted message is shorter than its length field") }
        let tail = body[(start + length)...]
        guard LibCrypto.constantTimeEqual(Array(tail), Array(appID.utf8)) else {
            throw WeChatXMLError(code: "wechat_app_id", message: "the message is for another Official Account (AppID mismatch)")
        }
        return Array(body[start ..< start + length])
    }

    /// `message` encrypted for the platform; `random` is 16 bytes (fresh from libcrypto unless a test fixes them).
    public func encrypt(_ message: [UInt8], random: [UInt8] = LibCrypto.randomBytes(16)) -> String {
        precondition(random.count == 16, "WeChat's plaintext starts with 16 random bytes")
        let length = UInt32(message.count)
        var plain = random + [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        plain += message + Array(appID.utf8)
        let pad = Self.block - plain.count % Self.block
        plain += [UInt8](repeating: UInt8(pad), count: pad)
        // Inputs are whole blocks and the key is 32 bytes, so only a libcrypto failure could return nil.
        guard let sealed = LibCrypto.aes256CBC(encrypt: true, key: key, iv: Array(key.prefix(16)), plain) else {
            fatalError("libcrypto AES-256-CBC failed")
        }
        return Data(sealed).base64EncodedString()
    }

    /// The reply envelope of safe mode: the encrypted reply, its `MsgSignature`, and the timestamp and nonce signed.
    public func envelope(_ reply: String, token: String, timestamp: String, nonce: String) -> String {
        let encrypted = encrypt(Array(reply.utf8))
        let signature = WeChatSignature.expected(token: token, parts: [timestamp, nonce, encrypted])
        return "<xml><Encrypt><![CDATA[\(encrypted)]]></Encrypt><MsgSignature><![CDATA[\(signature)]]></MsgSignature>"
            + "<TimeStamp>\(timestamp)</TimeStamp><Nonce><![CDATA[\(nonce)]]></Nonce></xml>"
    }

    private static func refused(_ why: String) -> WeChatXMLError { WeChatXMLError(code: "wechat_aes", message: why) }
}
