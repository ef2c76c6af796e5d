enum ImportCommand {
    static let command = Command(
        name: "import",
        summary: "Import events from NDJSON or CSV files",
        help: "Usage: posttrace import (not available yet)",
        run: { _ in
            printError("posttrace import: not available yet")
            return ExitCode.software
        }
    )
}
