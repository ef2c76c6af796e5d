import Foundation
import PostTraceCore
import PostTraceServer
import PostTraceStore

enum SubscriptionsCommand {
    static let command = Command(
        name: "subscriptions",
        summary: "Create, list, show and delete webhook subscriptions",
        help: """
            Usage: posttrace subscriptions create --url URL [--notify TRIGGER,…] NUMBER… [--db …]
                                                  [--allow-host HOST]… [--deny-host HOST]… [--allow-loopback]
                                                  [--secrets-key-file FILE]
                   posttrace subscriptions list [--db …] [--json]
                   posttrace subscriptions show ID [--db …] [--json]
                   posttrace subscriptions delete ID [--db …]
                   posttrace subscriptions test ID [--db …]
                   posttrace subscriptions seal-secrets --secrets-key-file FILE [--db …]

            A subscription POSTs signed JSON to URL when a subscribed item changes. Triggers: every_event,
            status_change (default), first_record, delivered, stale, estimate_change. The signing secret is
            printed once, at creation: receivers verify 'PostTrace-Signature: t=…,v1=…' (HMAC-SHA256 of "t.body").
            Callback hosts on private, loopback and other internal addresses are refused unless allowed
            (like serve's --webhook-allow-host/--webhook-deny-host/--webhook-allow-loopback; env
            POSTTRACE_WEBHOOK_ALLOW_HOSTS, POSTTRACE_WEBHOOK_DENY_HOSTS, POSTTRACE_WEBHOOK_ALLOW_LOOPBACK=1).
            HOST is a name, *.domain or an address block such as 10.1.0.0/16.
            With --secrets-key-file (env POSTTRACE_SECRETS_KEY_FILE; Base64 of 32 random bytes, e.g. from
            'openssl rand -base64 32'), signing secrets are stored sealed with AES-256-GCM; serve needs the same
            file to sign. seal-secrets seals the secrets stored before the key was set. test queues a
            tracking.test delivery, which the server's worker sends like any other.
            \(StoreOptions.help)

            Exit status: 0 done, 1 no such subscription, 64 usage, 65 invalid number, trigger or URL,
            69 store without subscriptions, 74 store cannot be opened.
            """,
        run: run)

    static func run(_ args: [String]) async throws -> Int32 {
        let a = try Arguments(args, options: ["db", "url", "notify", "allow-host", "deny-host", "secrets-key-file"],
                              flags: ["json", "allow-loopback"])
        guard let action = a.positionals.first else { throw UsageError(message: "say create, list, show, delete, test or seal-secrets") }
        guard let opened = try StoreOptions.open(try StoreOptions.location(a), command: "subscriptions") else { return ExitCode.ioError }
        // Closed before exit (a deferred task might never run): closing checkpoints the WAL.
        let status: Int32
        do {
            status = try await perform(action, a, opened)
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
        return status
    }

    static func perform(_ action: String, _ a: Arguments, _ opened: any PostTraceStorage) async throws -> Int32 {
        guard let store = opened as? any SubscriptionStore else {
            printError("posttrace subscriptions: this store keeps no subscriptions (use --db with a SQLite file or PostgreSQL)")
            return ExitCode.unavailable
        }
        let rest = Array(a.positionals.dropFirst())
        switch action {
        case "create": return try await create(a, rest, store)
        case "list":
            guard rest.isEmpty else { throw UsageError(message: "unexpected argument '\(rest[0])'") }
            let all = try await store.subscriptions(ownerKeyID: nil)
            if a.has("json") { printJSON(["subscriptions": all.map { SubscriptionDocument($0) }]); return ExitCode.ok }
            for s in all {
                print([s.id, s.triggers.map(\.rawValue).sorted().joined(separator: ","), s.callbackURL,
                       s.numbers.map(\.description).joined(separator: " ")].joined(separator: "\t"))
            }
            return ExitCode.ok
        case "seal-secrets":
            guard rest.isEmpty else { throw UsageError(message: "unexpected argument '\(rest[0])'") }
            guard let sealer = try NotificationOptions.sealer(a) else { throw UsageError(message: "seal-secrets needs --secrets-key-file") }
            var sealed = 0
            for s in try await store.subscriptions(ownerKeyID: nil) where !SecretSealer.isSealed(s.secret) {
                if try await store.replaceSubscriptionSecret(id: s.id, with: sealer.seal(s.secret, for: s.id)) { sealed += 1 }
            }
            print("sealed \(sealed) signing secret\(sealed == 1 ? "" : "s")")
            return ExitCode.ok
        case "show", "delete", "test":
            guard rest.count == 1 else { throw UsageError(message: "say which subscription: posttrace subscriptions \(action) ID") }
            guard let found = try await store.subscription(id: rest[0]) else {
                printError("posttrace subscriptions: no subscription with id '\(rest[0])'")
                return ExitCode.negative
            }
            switch action {
            case "delete":
                _ = try await store.deleteSubscription(id: found.id)
                print("deleted \(found.id)")
            case "test":
                let queued = try await SubscriptionRegistry(store: store, hosts: CallbackURLPolicy()).sendTest(found)
                print("queued \(queued.id) (tracking.test for \(queued.number)); a running posttrace serve sends it to \(found.callbackURL)")
            default:
                return try await show(found, store, json: a.has("json"))
            }
            return ExitCode.ok
        default:
            throw UsageError(message: "unknown action '\(action)': say create, list, show, delete, test or seal-secrets")
        }
    }

    static func create(_ a: Arguments, _ numbers: [String], _ store: any SubscriptionStore) async throws -> Int32 {
        guard let url = a.value("url") else { throw UsageError(message: "--url is required") }
        guard !numbers.isEmpty else { throw UsageError(message: "give at least one tracking number") }
        let triggers = a.values("notify").flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let registry = SubscriptionRegistry(store: store, hosts: try NotificationOptions.hostPolicy(a, prefix: ""),
                                            sealer: try NotificationOptions.sealer(a))
        do {
            let s = try await registry.create(numbers: numbers, callbackURL: url, triggers: triggers, owner: nil)
            if a.has("json") {
                printJSON(SubscriptionDocument(s, showsSecret: true))
            } else {
                print("id:       \(s.id)\nurl:      \(s.callbackURL)\ntriggers: \(s.triggers.map(\.rawValue).sorted().joined(separator: ","))")
                print("numbers:  \(s.numbers.map(\.description).joined(separator: " "))\nsecret:   \(s.secret)")
            }
            printError("posttrace subscriptions: the signing secret is shown only now; give it to the receiver")
            return ExitCode.ok
        } catch let problem as SubscriptionProblem {
            printError("posttrace subscriptions: \(problem.slug): \(problem.detail ?? problem.title)")
            if let invalid = problem.members["invalid"] as? [SubscriptionProblem.InvalidInput] {
                for entry in invalid { printError("  \(entry.input): \(entry.message)") }
            }
            return ExitCode.dataError
        }
    }

    static func show(_ s: Subscription, _ store: any SubscriptionStore, json: Bool) async throws -> Int32 {
        let deliveries = try await store.deliveries(subscriptionID: s.id, limit: 100)
        if json {
            printJSON(SubscriptionDocument(s, deliveries: deliveries))
            return ExitCode.ok
        }
        print("id:       \(s.id)\nurl:      \(s.callbackURL)\ntriggers: \(s.triggers.map(\.rawValue).sorted().joined(separator: ","))")
        print("numbers:  \(s.numbers.map(\.description).joined(separator: " "))\ndeliveries (newest first):")
        for d in deliveries {
            print(["  " + d.id, d.kind.rawValue, d.number.description, d.state.rawValue, "attempts=\(d.attempts)", d.lastError ?? ""]
                .joined(separator: "\t"))
        }
        return ExitCode.ok
    }

    /// `document` laid out for people to read.
    static func printJSON(_ document: some JSONWritable) {
        print(String(decoding: JSONWriter.encode(document, escapingHTML: false, pretty: true), as: UTF8.self))
    }
}

/// Notification options shared by `serve` and `subscriptions create`.
enum NotificationOptions {
    /// `serve`'s notification settings from options and environment.
    static func settings(_ a: Arguments, store location: String? = nil) throws -> NotificationSettings {
        var settings = NotificationSettings()
        settings.wechatToken = try secret(a, "wechat-token", env: "POSTTRACE_WECHAT_TOKEN")
        switch (try secret(a, "wechat-aes-key", env: "POSTTRACE_WECHAT_AES_KEY"), a.value("wechat-app-id", env: "POSTTRACE_WECHAT_APP_ID")) {
        case (nil, nil): break
        case (let key?, let app?):
            guard settings.wechatToken?.isEmpty == false else { throw UsageError(message: "--wechat-aes-key needs --wechat-token too") }
            guard let cipher = WeChatCipher(encodingAESKey: key, appID: app) else {
                throw UsageError(message: "--wechat-aes-key must be the 43-character EncodingAESKey from the platform's server settings")
            }
            settings.wechatCipher = cipher
        default: throw UsageError(message: "--wechat-aes-key and --wechat-app-id go together (safe mode needs both)")
        }
        settings.publicBaseURL = try publicURL(a)
        settings.quotas = SubscriptionQuotas(
            subscriptionsPerKey: try a.int("max-subscriptions-per-key", env: "POSTTRACE_MAX_SUBSCRIPTIONS_PER_KEY", default: 100, in: 1...1_000_000),
            numbersPerSubscription: try a.int("max-numbers-per-subscription", env: "POSTTRACE_MAX_NUMBERS_PER_SUBSCRIPTION", default: 100,
                                              in: 1...10_000),
            testDeliveriesPerHour: try a.int("max-test-deliveries-per-hour", env: "POSTTRACE_MAX_TEST_DELIVERIES_PER_HOUR", default: 20,
                                             in: 1...100_000))
        settings.secrets = try sealer(a)
        settings.vapid = try vapid(a, store: location)
        settings.hosts = try hostPolicy(a, prefix: "webhook-")
        if let text = a.value("webhook-retry", env: "POSTTRACE_WEBHOOK_RETRY") {
            let parts = text.split(separator: ":").compactMap { Int64($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
                throw UsageError(message: "--webhook-retry must be FIRST:MAX:GIVE_UP in seconds, e.g. 10:3600:86400; got '\(text)'")
            }
            settings.retry = DeliveryRetryPolicy(firstDelay: parts[0], maxDelay: parts[1], giveUpAfter: parts[2])
            settings.pollInterval = .seconds(min(1, parts[0]))
        }
        return settings
    }

    /// `--public-url` without a trailing slash; only `http(s)://host[:port]` with an optional path, no user, query
    /// or fragment (it is the base every absolute link is built on).
    static func publicURL(_ a: Arguments) throws -> String? {
        guard let text = a.value("public-url", env: "POSTTRACE_PUBLIC_URL") else { return nil }
        guard let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, url.query == nil, url.fragment == nil else {
            throw UsageError(message: "--public-url must be http(s)://host[:port][/path], e.g. https://track.example; got '\(text.prefix(200))'")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// A secret given as `--NAME`, or read from the file `--NAME-file` names (trimmed), which keeps it out of
    /// `ps`; also from the environment (`ENV`, `ENV_FILE`). Both forms at once are a usage error.
    static func secret(_ a: Arguments, _ name: String, env: String) throws -> String? {
        let direct = a.value(name, env: env), file = a.value(name + "-file", env: env + "_FILE")
        guard let file else { return direct }
        guard direct == nil else { throw UsageError(message: "give --\(name) or --\(name)-file, not both") }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw UsageError(message: "cannot read --\(name)-file \(file)")
        }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw UsageError(message: "--\(name)-file \(file) is empty") }
        return value
    }

    /// The Web Push key from `--vapid-key-file` (made there on first start), or beside an SQLite store
    /// (`<db>.vapid-key`) when not given, so the demo and single-machine servers push out of the box; nil for
    /// PostgreSQL without the option (servers sharing a database must share one key file: push then says 501).
    static func vapid(_ a: Arguments, store location: String?) throws -> VAPID? {
        let subject = a.value("vapid-subject", env: "POSTTRACE_VAPID_SUBJECT")
            ?? a.value("public-url", env: "POSTTRACE_PUBLIC_URL").flatMap { $0.hasPrefix("https://") ? $0 : nil }
            ?? "mailto:postmaster@localhost"
        guard subject.hasPrefix("mailto:") || subject.hasPrefix("https://") else {
            throw UsageError(message: "--vapid-subject must be a mailto: or https: contact for push services, e.g. mailto:ops@example.org")
        }
        if let path = a.value("vapid-key-file", env: "POSTTRACE_VAPID_KEY_FILE") {
            do { return try VAPID.load(keyFile: path, subject: subject) } catch { throw UsageError(message: "--vapid-key-file: \(error)") }
        }
        let named = location ?? ProcessInfo.processInfo.environment[StoreLocation.environmentVariable] ?? StoreLocation.defaultPath
        guard named != "memory", case .sqlite(let file)? = try? StoreLocation(named) else { return nil }
        // The default beside the store: where the store itself cannot be opened, serve reports that (exit 74).
        return try? VAPID.load(keyFile: file + ".vapid-key", subject: subject)
    }

    /// The sealer from `--secrets-key-file` or POSTTRACE_SECRETS_KEY_FILE; nil when neither is given.
    static func sealer(_ a: Arguments) throws -> SecretSealer? {
        guard let path = a.value("secrets-key-file", env: "POSTTRACE_SECRETS_KEY_FILE") else { return nil }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError(message: "cannot read --secrets-key-file \(path)")
        }
        guard let sealer = SecretSealer(keyFile: contents) else {
            throw UsageError(message: "--secrets-key-file must hold Base64 of 32 random bytes; make one with: openssl rand -base64 32 > \(path)")
        }
        return sealer
    }

    /// The callback host policy: `--[prefix]allow-host`, `--[prefix]deny-host`, `--[prefix]allow-loopback`
    /// or POSTTRACE_WEBHOOK_ALLOW_HOSTS, POSTTRACE_WEBHOOK_DENY_HOSTS, POSTTRACE_WEBHOOK_ALLOW_LOOPBACK=1.
    static func hostPolicy(_ a: Arguments, prefix: String) throws -> CallbackURLPolicy {
        func rules(_ name: String, _ env: String) throws -> [CallbackURLPolicy.HostRule] {
            let texts = a.values(prefix + name) + (ProcessInfo.processInfo.environment[env].map { [$0] } ?? [])
            return try texts.flatMap { $0.split(separator: ",") }.map { text in
                guard let rule = CallbackURLPolicy.HostRule(String(text)) else {
                    throw UsageError(message: "--\(prefix + name): '\(text)' is not a host name, *.domain or address block")
                }
                return rule
            }
        }
        return CallbackURLPolicy(allow: try rules("allow-host", "POSTTRACE_WEBHOOK_ALLOW_HOSTS"),
                                 deny: try rules("deny-host", "POSTTRACE_WEBHOOK_DENY_HOSTS"),
                                 allowLoopback: try a.has(prefix + "allow-loopback") || EnvironmentFlag.value("POSTTRACE_WEBHOOK_ALLOW_LOOPBACK") == true)
    }
}
