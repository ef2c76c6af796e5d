import Foundation

/// Connections shared by tasks, each used by one caller at a time, opened on demand up to a limit.
final class ConnectionPool<Connection>: @unchecked Sendable {
    // @unchecked: `idle` and `open` are only touched while holding `condition`; a checked-out connection
    // belongs to its caller alone.
    /// A condition, not a Mutex: a caller past the limit blocks until a connection is returned.
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var open = 0
    private let limit: Int
    private let connect: () throws -> Connection
    private let release: (Connection) -> Bool
    private let validate: (Connection) -> Bool

    /// `connect` opens a connection; `release` readies a returned one for the next caller and says whether
    /// it may be reused (false: it is dropped and a new one opened when needed); `validate` says whether an idle
    /// one is still usable when taken again (false: it is dropped and the next idle one, or a new one, is used).
    init(limit: Int, connect: @escaping () throws -> Connection, release: @escaping (Connection) -> Bool,
         validate: @escaping (Connection) -> Bool = { _ in true }) {
        self.limit = limit; self.connect = connect; self.release = release; self.validate = validate
    }

    func with<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkout()
        defer { checkin(connection) }
        return try body(connection)
    }

    private func checkout() throws -> Connection {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while let c = idle.popLast() {
                if validate(c) { return c }
                open -= 1
            }
            if open < limit {
                open += 1
                do { return try connect() } catch { open -= 1; throw error }
            }
            condition.wait()
        }
    }

    private func checkin(_ connection: Connection) {
        let reusable = release(connection)
        condition.lock()
        if reusable { idle.append(connection) } else { open -= 1 }
        condition.signal()
        condition.unlock()
    }

    /// Closes the idle connections (the store is closing).
    func drain() {
        condition.lock()
        open -= idle.count
        idle.removeAll()
        condition.unlock()
    }
}
