import Foundation
import Testing
import TestSupport

@Suite("posttrace validate (the built binary)", .scratch)
struct ValidateCLITests {
    func jsonLines(_ text: String) async throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("valid numbers as arguments: text output and exit 0")
    func validArguments() async throws {
        let run = try await CLI.launch(["validate", "EE123456785CN", "rr 2870 4377 5 in"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "EE123456785CN  valid  EMS · China (中国)")
        #expect(lines.last?.hasPrefix("rr 2870 4377 5 in  valid  RR287043775IN  Registered letter · India") == true)
        #expect(run.stderr.isEmpty)
    }

    @Test("an invalid number: exit 1, the error code, the message and the suggestion")
    func invalidArgument() async throws {
        let run = try await CLI.launch(["validate", "EE123456785CN", "EL123456789CN"])
        #expect(run.status == 1)
        let line = try #require(run.stdout.split(separator: "\n").last)
        #expect(line.hasPrefix("EL123456789CN  invalid  check_digit: "))
        #expect(line.contains("Did you mean EL123456785CN"))
    }

    @Test("Chinese output with --lang zh-Hans")
    func chinese() async throws {
        let run = try await CLI.launch(["validate", "--lang", "zh-Hans", "EE123456785CN", "EE123456785"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("EE123456785CN  有效  特快专递（EMS） · 中国 (China)"))
        #expect(run.stdout.contains("country_missing: 缺少国家代码"))
    }

    @Test("--json: one object per input with exactly the documented fields")
    func json() async throws {
        let run = try await CLI.launch(["validate", "--json", "EE123456785CN", "EL123456789CN"])
        #expect(run.status == 1)
        let objects = try await jsonLines(run.stdout)
        #expect(objects.count == 2)
        let fields: Set = ["input", "valid", "number", "serviceIndicator", "service", "serial", "checkDigit",
                           "country", "countryName", "errors", "suggestions"]
        for object in objects { #expect(Set(object.keys) == fields) }
        let valid = objects[0]
        #expect(valid["valid"] as? Bool == true)
        #expect(valid["number"] as? String == "EE123456785CN")
        #expect(valid["serviceIndicator"] as? String == "EE")
        #expect(valid["service"] as? String == "EMS")
        #expect(valid["serial"] as? String == "12345678")
        #expect(valid["checkDigit"] as? Int == 5)
        #expect(valid["country"] as? String == "CN")
        #expect(valid["countryName"] as? String == "China")
        let invalid = objects[1]
        #expect(invalid["valid"] as? Bool == false)
        #expect(invalid["number"] is NSNull)
        let errors = try #require(invalid["errors"] as? [[String: String]])
        #expect(errors.map { $0["code"] } == ["check_digit"])
        #expect(errors.first?["message"]?.isEmpty == false)
        #expect((invalid["suggestions"] as? [String])?.first == "EL123456785CN")
    }

    @Test("--json for a valid number typed loosely: input kept and escaped, fields from the canonical number")
    func jsonLooseInput() async throws {
        let run = try await CLI.launch(["validate", "--json", "--lang=zh-Hans", #"ee\123 456 785"cn"#.replacingOccurrences(of: "\"", with: "")])
        #expect(run.status == 0)
        let object = try await #require(try jsonLines(run.stdout).first)
        #expect(object["input"] as? String == #"ee\123 456 785cn"#)
        #expect(object["number"] as? String == "EE123456785CN")
        #expect(object["service"] as? String == "特快专递（EMS）")
        #expect(object["countryName"] as? String == "中国")
    }

    @Test("stdin is streamed line by line: CRLF, blank lines, hostile bytes, no final newline")
    func standardInput() async throws {
        var input = Data("EE123456785CN\r\nRR287043775IN\n\nEL123456789CN\n".utf8)
        input.append(contentsOf: [0x61, 0x00, 0xFF, 0xFE, 0x22, 0x5C, 0x0A])  // NUL, invalid UTF-8, quote, backslash
        input.append(Data("\u{202E}📦 ЕE123456785CN\n".utf8))
        input.append(Data(String(repeating: "x", count: 10_000).utf8))
        let run = try await CLI.launch(["validate", "--json"], stdin: input)
        #expect(run.status == 1)
        let objects = try await jsonLines(run.stdout)
        #expect(objects.count == 7)
        #expect(objects.map { $0["valid"] as? Bool } == [true, true, false, false, false, false, false])
        #expect(objects[2]["input"] as? String == "")
        #expect((objects[2]["errors"] as? [[String: String]])?.first?["code"] == "empty")
        #expect((objects[4]["input"] as? String)?.hasPrefix("a\u{0}") == true)
        #expect((objects[6]["input"] as? String)?.count == 10_000)
    }

    @Test("answers each line as soon as it is read, before standard input ends")
    func answersPromptly() async throws {
        // Every wait happens off the cooperative pool; the limit is generous because a loaded machine can take
        // many seconds to start the binary, and what matters is that the answer comes while stdin is still open.
        let (first, status) = try await offPool { () throws -> (String, Int32) in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["validate"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = Pipe()
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            input.fileHandleForWriting.write(Data("EE123456785CN\n".utf8))
            let answer = LockedData()
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async { answer.set(output.fileHandleForReading.availableData); done.signal() }
            let answered = done.wait(timeout: .now() + 120) == .success
            let text = answered ? String(decoding: answer.get(), as: UTF8.self) : "(no answer within 120 s while stdin was open)"
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return (text, process.terminationStatus)
        }
        #expect(first.hasPrefix("EE123456785CN  valid"), "\(first)")
        #expect(status == 0)
    }

    @Test("a large stream: one answer per line, in order")
    func largeStream() async throws {
        let numbers = (0..<20_000).map { i -> String in
            let serial = UInt32(10_000_000 + i * 37)
            let digits = String(serial)
            let weights = [8, 6, 4, 2, 3, 5, 9, 7]
            let sum = zip(digits, weights).map { Int(String($0.0))! * $0.1 }.reduce(0, +)
            let c = 11 - sum % 11
            return "RR" + digits + String(c == 10 ? 0 : c == 11 ? 5 : c) + "GB"
        }
        let run = try await CLI.launch(["validate"], stdin: Data((numbers.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == numbers.count)
        #expect(lines.first?.hasPrefix(numbers[0] + "  valid  Registered letter · United Kingdom") == true)
        #expect(lines.last?.hasPrefix(numbers[numbers.count - 1] + "  valid") == true)
    }

    @Test("usage errors exit 64 with one line on stderr", arguments: [["--lang", "sv", "EE123456785CN"], ["--bogus"], ["--lang"]])
    func usageErrors(_ args: [String]) async throws {
        let run = try await CLI.launch(["validate"] + args)
        #expect(run.status == 64)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test("--help describes the command and exits 0")
    func help() async throws {
        let run = try await CLI.launch(["validate", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Usage: posttrace validate [--json] [--lang TAG] [NUMBER…]"))
        #expect(run.stdout.contains("Exit status"))
    }
}
