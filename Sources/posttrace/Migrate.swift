import PostTraceStore

enum MigrateCommand {
    static let command = Command(
        name: "migrate",
        summary: "Apply database migrations",
        help: """
            Usage: posttrace migrate [--db LOCATION]

            Applies pending schema migrations in order and records them; safe to run again.
            (Every command that opens the store also migrates it.)

            Options:
            \(StoreOptions.help)
            """,
        run: { argv in
            let args = try Arguments(argv, options: ["db"], flags: [])
            guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
            let location = try StoreOptions.location(args)
            do {
                let (store, applied) = try location.openReportingMigrations()
                await store.close()
                if applied.isEmpty {
                    print("\(location): schema is up to date (\(Migrations.all.count) migrations)")
                } else {
                    for name in applied { print("applied \(name)") }
                    print("\(location): \(applied.count) migration(s) applied")
                }
                return ExitCode.ok
            } catch {
                printError("posttrace migrate: \(location): \(StoreOptions.explain(error, at: location))")
                return ExitCode.ioError
            }
        }
    )
}
