enum TrackCommand {
    static let command = Command(
        name: "track",
        summary: "Show the explained timeline of items",
        help: "Usage: posttrace track (not available yet)",
        run: { _ in
            printError("posttrace track: not available yet")
            return ExitCode.software
        }
    )
}
