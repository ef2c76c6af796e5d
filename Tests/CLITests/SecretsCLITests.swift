import Foundation
import Testing
import TestSupport

@Suite("secrets stay out of ps and out of error lines", .serialized, .scratch)
struct SecretsCLITests {
    static func file(_ text: String) async throws -> URL {
        let url = Scratch.file("posttrace-secret")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a mistyped or unreachable --db never echoes its password, in the URL or as ?password=")
    func databasePasswordMasked() async throws {
        let secret = "s3cr3t-Pw"
        let cases: [(String, Int32)] = [
            ("postgress://u:\(secret)@127.0.0.1:1/db", 64),
            ("mysql://u:\(secret)@db/x", 64),
            ("postgres://u:\(secret)@127.0.0.1:1/db?connect_timeout=1", 74),
            ("postgres://u@127.0.0.1:1/db?connect_timeout=1&password=\(secret)", 74),
            ("postgresql://u@127.0.0.1:1/db?PASSWORD=\(secret)&connect_timeout=1", 74),
            ("postgres://u:p@ss:\(secret)@127.0.0.1:1/db?connect_timeout=1", 74),
        ]
        for (url, status) in cases {
            for command in [["serve", "--port", "0", "--db", url], ["migrate", "--db", url]] {
                let run = try await CLI.launch(command)
                #expect(run.status == status, "\(command[0]) \(url): \(run.status) \(run.stderr)")
                #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret), "\(command[0]) echoed: \(run.stderr)")
            }
        }
        let env = try await CLI.launch(["migrate"], environment: ["POSTTRACE_DATABASE_URL": "postgres://u@127.0.0.1:1/db?password=\(secret)&connect_timeout=1"])
        #expect(env.status == 74 && !env.stderr.contains(secret))
    }

    @Test("--wechat-token-file and --wechat-aes-key-file: safe mode works with the secrets read from files")
    func wechatSecretFiles() async throws {
        let token = try await Self.file("QDG6eK\n"), key = try await Self.file("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C\n")
        defer { try? FileManager.default.removeItem(at: token); try? FileManager.default.removeItem(at: key) }
        let serve = try ServeProcess(["--port", "0", "--db", "memory", "--no-access-log", "--wechat-token-file", token.path,
                                      "--wechat-app-id", "wx5823bf96d3bd56c7"],
                                     environment: ["POSTTRACE_WECHAT_AES_KEY_FILE": key.path])
        let port = try await serve.port()
        #expect(!(serve.process.arguments ?? []).joined(separator: " ").contains("QDG6eK"))
        let encrypted = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
        let query = try await weChatSafeModeQuery(token: "QDG6eK", encrypted: encrypted)
        let body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
        let answer = try await curl("http://127.0.0.1:\(port)/wechat?\(query)", ["-H", "Content-Type: text/xml", "--data-binary", body])
        #expect(answer.status == 200 && answer.body.contains("<Encrypt><![CDATA["))
        #expect(await serve.stop() == 0)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "memory", "--wechat-token", "t", "--wechat-token-file", token.path]).status == 64)
        #expect(try await CLI.launch(["serve", "--port", "0", "--db", "memory", "--wechat-token-file", "/nonexistent/token"]).status == 64)
    }

    @Test("quota and connection flags take whole numbers, --public-url only http(s)://host[:port][/path]; anything else is a usage error")
    func quotaFlags() async throws {
        for bad in [["--max-subscriptions-per-key", "0"], ["--max-numbers-per-subscription", "many"], ["--max-test-deliveries-per-hour", "-1"],
                    ["--max-connections-per-address", "-1"], ["--public-url", "ftp://track.example"], ["--public-url", "https://u:p@track.example"],
                    ["--public-url", "https://track.example/?x=1"], ["--public-url", "track.example"]] {
            #expect(try await CLI.launch(["serve", "--port", "0", "--db", "memory"] + bad).status == 64, "\(bad)")
        }
    }
}
