import Testing

@Suite("posttrace command line")
struct CLIBasicsTests {
    @Test("an unknown command is a usage error with exit 64")
    func unknownCommand() throws {
        let run = try CLI.run(["no-such-command"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown command 'no-such-command'"))
    }

    @Test("--help lists every command and exits 0")
    func help() throws {
        let run = try CLI.run(["--help"])
        #expect(run.status == 0)
        for name in ["validate", "track", "import", "serve", "check-message"] { #expect(run.stdout.contains(name)) }
    }
}
