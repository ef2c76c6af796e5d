import Foundation
import MessageCheck
import PostTraceCore
import S10

enum CheckMessageCommand {
    static let command = Command(
        name: "check-message",
        summary: "Check a message for signs of a postal scam",
        help: """
            Usage: posttrace check-message [FILE|-] [--json] [--lang TAG]

            Reads the text of an SMS, e-mail or chat message (UTF-8, at most 20 KB) from FILE, or from
            standard input when FILE is '-' or absent, and reports the warning signs found: requests for
            money or card details, pressure, look-alike links, invalid tracking numbers, unlisted phones.
            Nothing is fetched and nothing is stored.

            Options:
              --json             Print the result as JSON (spans in UTF-16 code units).
              --lang TAG         Language of the report: en, zh-Hans, zh-Hant, ja, ko, ru, es, fr, de, pt
                                 or ar (default: the locale's, LC_ALL/LC_MESSAGES/LANG, else en).

            Exit status: 0 no warning signs found, 1 suspicious, 2 likely scam,
                         64 usage, 65 message over 20 KB / not UTF-8 / empty, 66 file not found, 74 read error.
            """,
        run: run
    )

    @Sendable static func run(_ args: [String]) async throws -> Int32 {
        let arguments = try Arguments(args, options: ["lang"], flags: ["json"])
        guard arguments.positionals.count <= 1 else { throw UsageError(message: "give at most one FILE (or '-')") }
        let language = try language(arguments)
        let data: Data
        switch readInput(arguments.positionals.first ?? "-") {
        case .success(let read): data = read
        case .failure(let failure): printError("posttrace check-message: \(failure.message)"); return failure.status
        }
        guard data.count <= MessageChecker.maximumBytes else {
            printError("posttrace check-message: message_too_large: the message is \(data.count) bytes; at most \(MessageChecker.maximumBytes) bytes (20 KB) can be checked")
            return ExitCode.dataError
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("posttrace check-message: invalid_utf8: the message is not valid UTF-8 text")
            return ExitCode.dataError
        }
        let result: MessageCheckResult
        do { result = try MessageChecker.shipped.check(text) } catch {
            printError("posttrace check-message: \(error.code): \(error.message)")
            return ExitCode.dataError
        }
        print(arguments.has("json") ? json(result) : report(result, in: language))
        switch result.verdict {
        case .noWarningSigns: return ExitCode.ok
        case .suspicious: return ExitCode.negative
        case .likelyScam: return 2
        }
    }

    static func language(_ arguments: Arguments) throws -> Language {
        try arguments.language(default: Arguments.environmentLanguage ?? .en)
    }

    struct InputFailure: Error { let status: Int32; let message: String }

    /// Reads the whole file or standard input, at most one byte more than the limit so a huge input is not slurped.
    static func readInput(_ path: String) -> Result<Data, InputFailure> {
        let limit = MessageChecker.maximumBytes + 1
        if path == "-" {
            var data = Data()
            while data.count < limit {
                guard let chunk = try? FileHandle.standardInput.read(upToCount: limit - data.count), !chunk.isEmpty else { break }
                data.append(chunk)
            }
            return .success(data)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(InputFailure(status: ExitCode.noInput, message: "no_input: cannot open '\(path)': no such file"))
        }
        guard !isDirectory.boolValue else {
            return .failure(InputFailure(status: ExitCode.noInput, message: "no_input: cannot read '\(path)': it is a directory"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(InputFailure(status: ExitCode.noInput, message: "no_input: cannot open '\(path)': permission denied"))
        }
        defer { try? handle.close() }
        do { return .success(try handle.read(upToCount: limit) ?? Data()) } catch {
            return .failure(InputFailure(status: ExitCode.ioError, message: "io_error: cannot read '\(path)'"))
        }
    }

    static func json(_ result: MessageCheckResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(result)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A plain-text report: the verdict, then one entry per kind of sign (heaviest first) with where it occurs.
    static func report(_ result: MessageCheckResult, in language: Language) -> String {
        var lines = [result.summary.text(in: language)]
        for (title, infoOnly) in [(Catalogue.text(.cliWarningSigns, language), false), (Catalogue.text(.cliNotes, language), true)] {
            let signals = result.signals.filter { ($0.severity == .info) == infoOnly }
            guard !signals.isEmpty else { continue }
            lines += ["", title]
            var kinds: [SignalKind] = []
            for s in signals where !kinds.contains(s.kind) { kinds.append(s.kind) }
            let heaviest = { (k: SignalKind) in signals.filter { $0.kind == k }.map(\.weight).max() ?? 0 }
            for kind in kinds.sorted(by: { heaviest($0) > heaviest($1) }) {
                let group = signals.filter { $0.kind == kind }
                let places = group.map { "“\(visible($0.text.count > 60 ? String($0.text.prefix(57)) + "…" : $0.text))” @\($0.span.start)-\($0.span.end)" }
                lines.append("  [\(group[0].severity.rawValue)] \(kind.rawValue): " + places.joined(separator: ", "))
                lines.append("    " + visible(group[0].explanation.text(in: language)))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Shows invisible, direction and control characters as `<U+202E>` so a quote cannot rearrange the terminal.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format, .control, .lineSeparator, .paragraphSeparator:
                out += "<U+" + String(scalar.value, radix: 16, uppercase: true) + ">"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
