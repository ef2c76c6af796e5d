enum ValidateCommand {
    static let command = Command(
        name: "validate",
        summary: "Check tracking numbers and suggest corrections",
        help: "Usage: posttrace validate (not available yet)",
        run: { _ in
            printError("posttrace validate: not available yet")
            return ExitCode.software
        }
    )
}
