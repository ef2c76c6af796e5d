enum KeysCommand {
    static let command = Command(
        name: "keys",
        summary: "Create, list and revoke API keys",
        help: "Usage: posttrace keys (not available yet)",
        run: { _ in
            printError("posttrace keys: not available yet")
            return ExitCode.software
        }
    )
}
