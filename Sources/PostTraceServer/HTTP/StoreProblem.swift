import PostTraceCore
import PostTraceStore

/// The one mapping from store failures to HTTP answers, by category.
///
/// A store that is not serving (closed, unreachable, failing over, out of disk) or that lost a race for a
/// lock is a passing state: 503 with `Retry-After`, so clients and load balancers try again rather than
/// report a bug. Only a failure the store cannot explain is a 500.
struct StoreProblem: HTTPProblem {
    let error: StoreError

    /// Seconds a client should wait: a failover or restart takes seconds, a lock far less.
    static let unavailableRetrySeconds = 5
    static let busyRetrySeconds = 1

    var status: Int {
        switch error.category {
        case .closed, .unavailable, .busy: 503
        case .conflict: 409
        case .invalid: 422
        case .unsupported: 501
        case .failure: 500
        }
    }

    var slug: String {
        switch error.category {
        case .closed, .unavailable: "store-unavailable"
        case .busy: "store-busy"
        case .conflict: "conflict"
        case .invalid: "store-rejected"
        case .unsupported: "not-implemented"
        case .failure: "internal"
        }
    }

    var title: String {
        switch error.category {
        case .closed, .unavailable: "Storage unavailable"
        case .busy: "Storage busy"
        case .conflict: "Conflict"
        case .invalid: "Data refused by the store"
        case .unsupported: "Not implemented"
        case .failure: "Internal error"
        }
    }

    var detail: String? {
        switch error.category {
        case .closed, .unavailable: "The tracking store did not answer; try again shortly."
        case .busy: "The tracking store is busy; try again in a moment."
        case .conflict: "This conflicts with what is stored."
        case .invalid: "The tracking store refused the data."
        case .unsupported: "This server's store does not support the operation."
        case .failure: "Something failed on our side; it has been logged."
        }
    }

    var members: [String: any JSONWritable & Sendable] {
        retryAfter.map { ["retry_after": $0] } ?? [:]
    }

    var headers: [(name: String, value: String)] {
        retryAfter.map { [("Retry-After", String($0))] } ?? []
    }

    private var retryAfter: Int? {
        switch error.category {
        case .closed, .unavailable: Self.unavailableRetrySeconds
        case .busy: Self.busyRetrySeconds
        default: nil
        }
    }

    /// Whether the operator should hear of it: a transient state is visible in metrics, the rest is a fault.
    var deservesLog: Bool { !error.category.isTransient && error.category != .closed && error.category != .conflict }
}
