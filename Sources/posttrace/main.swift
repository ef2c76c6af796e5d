import Foundation
import PostTraceCore
import PostTraceServer

/// One CLI command: its name, a one-line summary, its help text and what it runs.
struct Command: Sendable {
    let name: String
    let summary: String
    let help: String
    let run: @Sendable ([String]) async throws -> Int32
}

let commands: [Command] = [
    ValidateCommand.command,
    TrackCommand.command,
    ImportCommand.command,
    DemoDataCommand.command,
    MigrateCommand.command,
    BackupCommand.command,
    ExportCommand.command,
    CopyStoreCommand.command,
    PruneCommand.command,
    LanesCommand.command,
    ServeCommand.command,
    KeysCommand.command,
    CheckMessageCommand.command,
    SubscriptionsCommand.command,
]

let overview = """
    posttrace: open tracking for international postal (UPU S10) items.

    Usage: posttrace <command> [options]

    Commands:
    \(commands.map { "  " + $0.name.padding(toLength: 15, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

    Run 'posttrace <command> --help' for a command's options, 'posttrace --version' for the versions.
    """

let argv = Array(CommandLine.arguments.dropFirst())
let status: Int32
if argv.isEmpty {
    printError(overview)  // no command is a usage error: help goes to stderr, exit 64
    status = ExitCode.usage
} else if argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help" {
    print(overview)
    status = ExitCode.ok
} else if argv[0] == "--version" || argv[0] == "version" {
    // The libraries as loaded now, for bug reports: Debian updates them under an unchanged binary.
    print("posttrace \(PostTraceVersion.current)")
    print(PostTraceLibraries.versions.map { "\($0.name) \($0.version)" }.joined(separator: ", "))
    status = ExitCode.ok
} else if let command = commands.first(where: { $0.name == argv[0] }) {
    let rest = Array(argv.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.help)
        status = ExitCode.ok
    } else {
        do {
            status = try await command.run(rest)
        } catch let error as UsageError {
            printError("posttrace \(command.name): \(error.message) (see 'posttrace \(command.name) --help')")
            status = ExitCode.usage
        } catch {
            printError("posttrace \(command.name): \(error)")
            status = ExitCode.software
        }
    }
} else {
    printError("posttrace: unknown command '\(argv[0])' (see 'posttrace --help')")
    status = ExitCode.usage
}
exit(status)
