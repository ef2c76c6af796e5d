enum MigrateCommand {
    static let command = Command(
        name: "migrate",
        summary: "Apply database migrations",
        help: "Usage: posttrace migrate (not available yet)",
        run: { _ in
            printError("posttrace migrate: not available yet")
            return ExitCode.software
        }
    )
}
