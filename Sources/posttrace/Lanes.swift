import Foundation
import PostTraceCore
import PostTraceStore

enum LanesCommand {
    static let command = Command(
        name: "lanes",
        summary: "Prepare or list the lane statistics behind delivery estimates",
        help: """
            Usage: posttrace lanes refresh [--db LOCATION]
                   posttrace lanes list [--db LOCATION]

            refresh  reads every stored item, learns transit times per lane (origin, destination, service)
                     and stage, and saves the table that estimates and /v1/lanes read. `serve` does this
                     on a schedule (--lane-refresh); run it after a large import to use the history at once.
            list     prints the saved table's lanes: items, delivered share, median and 80 % transit days.

            Options:
            \(StoreOptions.help)

            Exit status: 0 done, 64 usage, 74 the store cannot be opened, read or written.
            """,
        run: run)

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["db"], flags: [])
        guard args.positionals.count == 1, let action = args.positionals.first, ["refresh", "list"].contains(action) else {
            throw UsageError(message: "say `lanes refresh` or `lanes list`")
        }
        let location = try StoreOptions.location(args)
        guard let store = try StoreOptions.open(location, command: "lanes") else { return ExitCode.ioError }
        defer { Task { await store.close() } }
        do {
            let table: LaneTable
            if action == "refresh" {
                table = try await store.refreshLaneTable(now: Int64(Date().timeIntervalSince1970))
                print("posttrace lanes: \(table.items) items, \(table.statistics.count { $0.service == nil }) lanes")
            } else {
                table = try await store.loadLaneTable() ?? .empty
            }
            if action == "list" { print(listing(table), terminator: "") }
        } catch {
            printError("posttrace lanes: the store failed: \(error)")
            await store.close()
            return ExitCode.ioError
        }
        await store.close()
        return ExitCode.ok
    }

    /// One line per lane: `CN-US  412 items  61 % delivered  median 9.5 d  80 % 14.0 d`.
    static func listing(_ table: LaneTable) -> String {
        func days(_ d: Double?) -> String { d.map { String(format: "%.1f d", $0) } ?? "–" }
        return table.statistics.filter { $0.service == nil }.map { s in
            "\(s.lane)  \(s.items) items  \(Int((s.deliveredShare * 100).rounded())) % delivered  median \(days(s.transitDays.median))  80 % \(days(s.transitDays.p80))\n"
        }.joined()
    }
}
