import Foundation
import PostTraceCore
import PostTraceStore
import S10

enum TrackCommand {
    static let command = Command(
        name: "track",
        summary: "Show the explained timeline of items",
        help: """
            Usage: posttrace track NUMBER… [--json] [--lang TAG] [--db LOCATION]

            Prints each item's explained timeline from the store: headline, stage progress, events in
            the offices' local times, advice. An invalid number prints its errors and suggestions,
            numbers the store knows first; a valid one without events, the numbers one slip away
            (CM typed for CN) that have events.

            Options:
              --json             one JSON timeline per line (the API's format)
              --lang TAG         language of the explanations: en, zh-Hans, zh-Hant, ja, ko, ru, es, fr,
                                 de, pt or ar (default en)
            \(StoreOptions.help)

            Exit status: 0 every number found, 1 a number invalid or without events, 74 store error.
            """,
        run: run
    )

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["lang", "db"], flags: ["json"])
        guard !args.positionals.isEmpty else { throw UsageError(message: "name at least one tracking NUMBER") }
        let language = try args.language()
        let location = try StoreOptions.location(args)
        guard let store = try StoreOptions.open(location, command: "track") else { return ExitCode.ioError }
        var status = ExitCode.ok
        do {
            // The table `lanes refresh` or a server saved; estimates read it, never rebuild it.
            let lanes = try await store.loadLaneTable() ?? .empty
            for input in args.positionals {
                let found = try await track(input, store: store, language: language, json: args.has("json"), lanes: lanes)
                if !found { status = ExitCode.negative }
            }
        } catch {
            printError("posttrace track: the store failed: \(error)")
            status = ExitCode.ioError
        }
        await store.close()
        return status
    }

    /// Prints one item; false when the number is invalid or has no events.
    private static func track(_ input: String, store: any PostTraceStorage, language: Language, json: Bool,
                              lanes: LaneTable) async throws -> Bool {
        let validation = S10.validate(input)
        guard let number = validation.number else {
            try await printInvalid(validation, store: store, language: language)
            return false
        }
        let events = try await store.events(for: number)
        let timeline = Timeline(number: number, events: events, language: language, now: Int64(Date().timeIntervalSince1970),
                                lanes: lanes)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(timeline), as: UTF8.self))
        } else {
            print(TimelineText.full(timeline))
            if events.isEmpty {
                // Often a slip the check digit cannot see (CM typed for CN): name the near numbers with events.
                let near = try await store.knownNeighbours(of: number).prefix(5)
                let heading = "  " + Catalogue.text(.cliDidYouMeanHeading, language), has = Catalogue.text(.cliHasEvents, language)
                if !near.isEmpty { print(([heading] + near.map { "    \($0)  \(has)" }).joined(separator: "\n")) }
            }
        }
        return !events.isEmpty
    }

    private static func printInvalid(_ v: S10Validation, store: any PostTraceStorage, language: Language) async throws {
        let known = try await store.existing(v.suggestions)
        // Numbers with events first; otherwise keep the library's ranking.
        let ranked = v.suggestions.filter { known.contains($0) } + v.suggestions.filter { !known.contains($0) }
        var lines = [Catalogue.text(.headlineInvalid, language, ["input": v.input.isEmpty ? "\"\"" : v.input])]
        lines += v.errors.map { "  error \($0.code.rawValue): \($0.message(in: language))" }
        if !ranked.isEmpty {
            lines.append("  " + Catalogue.text(.cliDidYouMeanHeading, language))
            let has = Catalogue.text(.cliHasEvents, language)
            lines += ranked.prefix(10).map { "    \($0)" + (known.contains($0) ? "  \(has)" : "") }
        }
        print(lines.joined(separator: "\n"))
    }
}
