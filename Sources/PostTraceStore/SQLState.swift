/// A PostgreSQL SQLSTATE, named as in the PostgreSQL manual's appendix A (errcodes), and the store
/// category it belongs to.
public struct SQLState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The five characters, e.g. `23505`.
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    init(_ code: String) { rawValue = code }

    /// The class: the first two characters (`08` connection exception, `23` integrity violation …).
    public var errorClass: Substring { rawValue.prefix(2) }

    // Class 08: the connection.
    public static let connectionException = SQLState("08000")
    public static let connectionDoesNotExist = SQLState("08003")
    public static let connectionFailure = SQLState("08006")
    public static let clientUnableToEstablishConnection = SQLState("08001")
    // Class 22: the data.
    public static let stringDataRightTruncation = SQLState("22001")
    public static let numericValueOutOfRange = SQLState("22003")
    public static let characterNotInRepertoire = SQLState("22021")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let untranslatableCharacter = SQLState("22P05")
    // Class 23: integrity constraints.
    public static let notNullViolation = SQLState("23502")
    public static let foreignKeyViolation = SQLState("23503")
    public static let uniqueViolation = SQLState("23505")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    // Classes 25 and 40: transactions.
    public static let readOnlySQLTransaction = SQLState("25006")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    // Class 3F: schema.
    public static let invalidSchemaName = SQLState("3F000")
    // Class 53: resources.
    public static let insufficientResources = SQLState("53000")
    public static let diskFull = SQLState("53100")
    public static let outOfMemory = SQLState("53200")
    public static let tooManyConnections = SQLState("53300")
    // Class 55 and 57: object state and operator intervention.
    public static let lockNotAvailable = SQLState("55P03")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let crashShutdown = SQLState("57P02")
    public static let cannotConnectNow = SQLState("57P03")
    // Class 58 and XX: the system and the server itself.
    public static let ioError = SQLState("58030")
    public static let internalError = SQLState("XX000")

    public var description: String { "SQLSTATE \(rawValue)" }

    /// The store category of a failure with this state.
    public var category: StoreError.Category {
        switch self {
        case .serializationFailure, .deadlockDetected, .lockNotAvailable, .queryCanceled, .tooManyConnections: return .busy
        // A standby after a failover takes no writes: the primary is elsewhere, for now.
        case .readOnlySQLTransaction, .adminShutdown, .crashShutdown, .cannotConnectNow: return .unavailable
        case .notNullViolation, .checkViolation: return .invalid
        default: break
        }
        switch errorClass {
        case "08", "53", "58": return .unavailable
        case "23": return .conflict
        case "22": return .invalid
        default: return .failure
        }
    }
}

extension StoreError {
    /// The store error for a PostgreSQL failure; `message` is the server's or libpq's text.
    init(postgres state: SQLState, message: String) {
        self.init(state.category, code: .postgres(state), reason: "", backendMessage: message)
    }
}
