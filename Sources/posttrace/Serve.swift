enum ServeCommand {
    static let command = Command(
        name: "serve",
        summary: "Run the HTTP server (API and web page)",
        help: "Usage: posttrace serve (not available yet)",
        run: { _ in
            printError("posttrace serve: not available yet")
            return ExitCode.software
        }
    )
}
