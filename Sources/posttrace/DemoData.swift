enum DemoDataCommand {
    static let command = Command(
        name: "demo-data",
        summary: "Write simulated events for trying PostTrace",
        help: "Usage: posttrace demo-data (not available yet)",
        run: { _ in
            printError("posttrace demo-data: not available yet")
            return ExitCode.software
        }
    )
}
