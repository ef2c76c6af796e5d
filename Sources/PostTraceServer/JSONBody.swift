import Foundation

/// Decodes request bodies, turning syntax errors into 400 problems that say where (line and column).
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        guard !body.isEmpty else { throw Problem.malformedJSON("The body is empty; send a JSON document.") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw problem(for: error)
        }
    }

    /// A 400 problem for a decoding error: a syntax error with its position, or a shape error with its path.
    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let text = context.underlyingError.map { String(describing: $0) } ?? context.debugDescription
            let (line, column) = position(in: text)
            let place = line.map { " at line \($0), column \(column ?? 0)" } ?? ""
            return .malformedJSON("The body is not valid JSON\(place).", line: line, column: column)
        default:
            return Problem(status: 400, slug: "invalid-body", title: "Unexpected JSON shape",
                           detail: "\(path(of: error)): \(reason(of: error))", members: ["pointer": pointer(of: error)])
        }
    }

    static func position(in text: String) -> (Int?, Int?) {
        func number(after word: String) -> Int? {
            guard let range = text.range(of: word) else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return (number(after: "line "), number(after: "column "))
    }

    static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c): c.codingPath
        case .keyNotFound(let key, let c): c.codingPath + [key]
        @unknown default: []
        }
    }

    static func pointer(of error: DecodingError) -> String {
        "/" + codingPath(of: error).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }

    static func path(of error: DecodingError) -> String {
        let keys = codingPath(of: error).filter { $0.intValue == nil }.map(\.stringValue)
        return keys.isEmpty ? "body" : keys.joined(separator: ".")
    }

    static func reason(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "is missing"
        case .typeMismatch(let type, _): "has the wrong type (expected \(type))"
        case .valueNotFound: "is null"
        case .dataCorrupted(let c): c.debugDescription
        @unknown default: "is invalid"
        }
    }
}
