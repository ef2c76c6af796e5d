import PostTraceCore
import Synchronization

/// The numbers the home page offers to try. A deployment shows one well-formed number (it has no record:
/// that page explains the 24–48 hours); `serve --demo` swaps in its simulated items, so a first visit
/// shows a delivered parcel, one in customs and one without a record. Never real customers' numbers.
public final class PageExamples: Sendable {
    /// One example: the number and what it shows (nil: no caption).
    public struct Example: Sendable, Hashable {
        public var number: String
        public var shows: Shows?
    }
    /// What a demo example shows, captioned in the page's language.
    public enum Shows: Sendable, Hashable { case delivered, inCustoms, noRecord }

    private let current: Mutex<[Example]>

    /// The default: `HomePage.exampleNumber`, uncaptioned.
    public init() { current = Mutex([Example(number: HomePage.exampleNumber, shows: nil)]) }

    /// The examples now shown.
    public var all: [Example] { current.withLock { $0 } }

    /// Shows the demo's items instead (those that exist).
    public func showDemo(delivered: String?, inCustoms: String?, noRecord: String?) {
        let examples = [(delivered, Shows.delivered), (inCustoms, .inCustoms), (noRecord, .noRecord)]
            .compactMap { number, shows in number.map { Example(number: $0, shows: shows) } }
        guard !examples.isEmpty else { return }
        current.withLock { $0 = examples }
    }
}

extension PageExamples.Shows {
    /// The caption's key in the page catalogue.
    var caption: Phrase {
        switch self {
        case .delivered: .pageExampleDelivered
        case .inCustoms: .pageExampleInCustoms
        case .noRecord: .pageExampleNoRecord
        }
    }
}
