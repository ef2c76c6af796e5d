import Foundation
import Testing
import TestSupport

@Suite("posttrace check-message", .scratch)
struct CheckMessageCLITests {
    func tempFile(_ data: Data) async throws -> URL {
        let url = Scratch.file("msg", extension: "txt")
        try data.write(to: url)
        return url
    }

    @Test("exit 2 for a likely scam read from standard input, with the reasons in English")
    func likelyScam() async throws {
        let run = try await CLI.launch(["check-message"], stdin: Data("USPS: pay the $1.99 redelivery fee within 24 hours at usps-redelivery.top".utf8),
                              environment: ["LANG": "C.UTF-8"])
        #expect(run.status == 2)
        #expect(run.stdout.hasPrefix("Likely a scam."))
        #expect(run.stdout.contains("link_lookalike"))
    }

    @Test("exit 1 for a suspicious message from a file, reported in Chinese with --lang zh-Hans")
    func suspicious() async throws {
        let file = try await tempFile(Data("包裹地址不全，请访问 bit.ly/3xyz".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await CLI.launch(["check-message", file.path, "--lang", "zh-Hans"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("可疑。"))
    }

    @Test("exit 0 and careful wording for a genuine notice; --json gives the machine-readable result")
    func noWarningSigns() async throws {
        let text = "【中国邮政】您的邮件EE123456785CN已妥投，查询请访问 www.ems.com.cn 或拨打11183。"
        let plain = try await CLI.launch(["check-message", "-"], stdin: Data(text.utf8), environment: ["LANG": "C.UTF-8"])
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("No warning signs found.") && !plain.stdout.lowercased().contains("safe"))
        let json = try await CLI.launch(["check-message", "--json"], stdin: Data(text.utf8))
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "no_warning_signs")
        #expect(object["span_unit"] as? String == "utf16")
        #expect(object["claimed_operators"] as? [String] == ["cn-chinapost"])
    }

    @Test("usage errors exit 64", arguments: [["check-message", "--lang", "sv"], ["check-message", "a", "b"], ["check-message", "--bogus"]])
    func usage(args: [String]) async throws {
        let run = try await CLI.launch(args, stdin: Data("hi".utf8))
        #expect(run.status == 64)
        #expect(!run.stderr.isEmpty && run.stdout.isEmpty)
    }

    @Test("a missing file exits 66")
    func missingFile() async throws {
        let run = try await CLI.launch(["check-message", "/nonexistent/message.txt"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("no_input"))
    }

    @Test("over 20 KB, invalid UTF-8 or an empty message exit 65 with a machine code")
    func dataErrors() async throws {
        let cases: [(Data, String)] = [
            (Data(String(repeating: "📦", count: 5_121).utf8), "message_too_large"),
            (Data([0x50, 0x61, 0x79, 0xFF, 0xFE, 0x20]), "invalid_utf8"),
            (Data("  \n".utf8), "message_empty"),
        ]
        for (data, code) in cases {
            let run = try await CLI.launch(["check-message"], stdin: data)
            #expect(run.status == 65, "\(code)")
            #expect(run.stderr.contains(code))
        }
        let exact = try await CLI.launch(["check-message"], stdin: Data(String(repeating: "📦", count: 5_120).utf8))
        #expect(exact.status == 0, "exactly 20 KB is accepted")
    }

    @Test("LANG picks Chinese when --lang is absent")
    func languageFromEnvironment() async throws {
        let run = try await CLI.launch(["check-message"], stdin: Data("请在24小时内提供银行卡号和验证码".utf8), environment: ["LANG": "zh_CN.UTF-8"])
        #expect(run.status == 2)
        #expect(run.stdout.hasPrefix("很可能是诈骗。"))
    }

    @Test("a directory is not a message file: exit 66")
    func directory() async throws {
        let run = try await CLI.launch(["check-message", FileManager.default.temporaryDirectory.path])
        #expect(run.status == 66)
        #expect(run.stderr.contains("is a directory"))
    }

    @Test("hidden characters are shown, not obeyed, in the text report")
    func hiddenShown() async throws {
        let run = try await CLI.launch(["check-message", "--lang", "en"], stdin: Data("Pay at usps\u{200B}-delivery.top or \u{202E}pot.yap\u{202C}".utf8))
        #expect(run.status == 2)
        #expect(run.stdout.contains("usps<U+200B>-delivery.top"))
        #expect(!run.stdout.unicodeScalars.contains("\u{202E}"))
    }

    @Test("--help describes the exit statuses")
    func help() async throws {
        let run = try await CLI.launch(["check-message", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("2 likely scam") && run.stdout.contains("--lang"))
    }
}
