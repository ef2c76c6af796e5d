import Foundation

/// Decodes request bodies, turning syntax errors into 400 problems that say where (line and column).
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        guard !body.isEmpty else { throw Problem.malformedJSON("The body is empty; send a JSON document.") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw problem(for: error, body: body)
        }
    }

    /// Where the syntax error is: Foundation's decoder does not say, its parser does ("around character N").
    static func syntaxPosition(_ body: [UInt8]) -> (line: Int, column: Int, reason: String)? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
            let offset: Int
            if text.contains("end of file") {
                offset = body.count  // truncated: the error is at the very end
            } else if let range = text.range(of: "character "), let at = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                offset = at
            } else {
                return nil
            }
            var line = 1, column = 1
            for byte in body.prefix(offset) {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            let reason = text.hasPrefix("Too many nested") ? "nested too deeply" : text.contains("end of file") ? "unexpected end" : "unexpected input"
            return (line, column, reason)
        }
    }

    /// A 400 problem for a decoding error: a syntax error with its position, or a shape error with its path.
    static func problem(for error: DecodingError, body: [UInt8]) -> Problem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            guard let at = syntaxPosition(body) else { return .malformedJSON("The body is not valid JSON.") }
            return .malformedJSON("The body is not valid JSON: \(at.reason) at line \(at.line), column \(at.column).",
                                  line: at.line, column: at.column)
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
