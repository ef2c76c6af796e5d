import S10

/// A private link to a list of parcels, made on one device to open them on another: "open my parcels on
/// another device". The store keeps the SHA-256 of the link's token, never the token, so a copy of the
/// database cannot open any share; names people gave the parcels never reach the server.
public struct ParcelShare: Sendable, Hashable {
    /// Hex SHA-256 of the token (64 lowercase hex digits): the only way to find the share.
    public var tokenHash: String
    /// The shared parcels, canonical, in the order given, at most `ParcelShare.maximumNumbers`; empty once revoked.
    public var numbers: [S10Number]
    /// Seconds since 1970 (UTC).
    public var createdAt: Int64
    /// When it was revoked; a revoked share opens nothing and no longer holds its numbers.
    public var revokedAt: Int64?

    /// Most parcels one share holds (as many as one browser follows for Web Push).
    public static let maximumNumbers = 50

    public init(tokenHash: String, numbers: [S10Number], createdAt: Int64, revokedAt: Int64? = nil) {
        self.tokenHash = tokenHash; self.numbers = numbers; self.createdAt = createdAt; self.revokedAt = revokedAt
    }

    /// The stored form of `numbers`: canonical numbers joined by commas (an S10 number never holds one).
    static func column(_ numbers: [S10Number]) -> String { numbers.map(\.description).joined(separator: ",") }

    /// `numbers` read back from `column`; a damaged entry is left out rather than failing the whole share.
    static func numbers(column: String) -> [S10Number] {
        column.split(separator: ",").compactMap { S10Number(String($0)) }
    }
}

/// Persistence of parcel shares: created once, found by the hash of their token, revoked for good.
public protocol ShareStore: Sendable {
    /// Stores a new share; throws `StoreError.conflict` when a share with this hash exists.
    func createShare(_ share: ParcelShare) async throws
    /// The share with this token hash (revoked ones too, with `revokedAt` set and no numbers), or nil.
    func share(tokenHash: String) async throws -> ParcelShare?
    /// Revokes a share at `time` and forgets its numbers; false when there is none or it was already revoked.
    func revokeShare(tokenHash: String, at time: Int64) async throws -> Bool
    /// Shares in token-hash order (bytewise) after `cursor` (nil: from the start), revoked ones included, at most
    /// `limit`: page through all of them (copy-store).
    func shares(after cursor: String?, limit: Int) async throws -> [ParcelShare]
}
