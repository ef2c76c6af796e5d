enum CheckMessageCommand {
    static let command = Command(
        name: "check-message",
        summary: "Check a message for signs of a postal scam",
        help: "Usage: posttrace check-message (not available yet)",
        run: { _ in
            printError("posttrace check-message: not available yet")
            return ExitCode.software
        }
    )
}
