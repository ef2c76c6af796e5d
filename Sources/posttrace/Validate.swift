import Foundation
import PostTraceCore
import S10

/// `posttrace validate`: checks tracking numbers given as arguments or streamed on standard input.
enum ValidateCommand {
    static let command = Command(
        name: "validate",
        summary: "Check tracking numbers and suggest corrections",
        help: """
            Usage: posttrace validate [--json] [--lang TAG] [NUMBER…]

            Checks UPU S10 tracking numbers such as EE123456785CN: 2 letters (the service), 8 serial digits,
            1 check digit and the 2-letter country of the post office that accepted the item. Spaces, dashes,
            dots, slashes, full-width characters and lower case are accepted. For an invalid number, every
            problem is explained and valid numbers one slip away are suggested.

            With no NUMBER (or with -), reads one input per line from standard input and answers line by line
            as it reads, in constant memory. Every input line gets exactly one output line, blank lines included;
            a line longer than 64 KiB is checked (and echoed) as its first 64 KiB.

            Options:
              --json              JSON Lines, one object per input: input, valid, number, serviceIndicator,
                                  service, serial, checkDigit, country, countryName,
                                  errors [{code, message}], suggestions [best first]
              --lang TAG          Language of names and messages: en, zh-Hans, zh-Hant, ja, ko, ru,
                                  es, fr, de, pt or ar (default: en)
              -h, --help          Show this help

            Output (text): EE123456785CN  valid  EMS · China (中国)
                           EL123456789CN  invalid  check_digit: … Did you mean EL123456785CN?

            Exit status: 0 when every input is valid, 1 when any is invalid, 64 for a usage error,
            74 when standard input or output fails.

            Examples:
              posttrace validate EE123456785CN 'rr 2870 4377 5 in'
              posttrace validate --json --lang zh-Hans < numbers.txt
            """,
        run: { args in try run(args) }
    )

    static func run(_ args: [String]) throws -> Int32 {
        let parsed = try Arguments(args, options: ["lang"], flags: ["json"])
        let language = try parsed.language()
        var report = Report(language: language, json: parsed.has("json"))
        let inputs = parsed.positionals
        do {
            if inputs.isEmpty || inputs == ["-"] {
                if isatty(0) == 1 {
                    printError("posttrace validate: reading numbers from standard input, one per line (Ctrl-D to end)")
                }
                // Flushing after each read answers a person typing (or a slow pipe) at once,
                // and costs one write per 256 KiB when reading a file.
                try InputLines.forEach({ try report.add(line: $0) }, afterEachRead: { try report.output.flush() })
            } else {
                for input in inputs { try report.add(input) }
            }
            try report.output.flush()
        } catch let error as IOFailure {
            try? report.output.flush()
            printError("posttrace validate: \(error.message)")
            return ExitCode.ioError
        }
        return report.allValid ? ExitCode.ok : ExitCode.negative
    }
}

extension ValidateCommand {
    /// Reading standard input or writing standard output failed.
    struct IOFailure: Error { let message: String }

    /// Reads standard input in large chunks and hands out lines (without `\n` or `\r\n`) as raw bytes.
    enum InputLines {
        /// Longest line kept; the rest of a longer line is read and dropped so memory stays constant.
        static let maximumLine = 64 * 1024

        static func forEach(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void, afterEachRead: () throws -> Void) throws {
            let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 * 1024)
            defer { chunk.deallocate() }
            var pending: [UInt8] = [], sawAny = false
            while true {
                let n = read(0, chunk.baseAddress, chunk.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOFailure(message: "cannot read standard input: \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                sawAny = true
                var start = 0
                while start < n, let hit = memchr(chunk.baseAddress! + start, 0x0A, n - start) {
                    let end = chunk.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if pending.isEmpty {
                        try body(trimmed(UnsafeBufferPointer(rebasing: chunk[start..<end])))
                    } else {
                        append(UnsafeBufferPointer(rebasing: chunk[start..<end]), to: &pending)
                        try pending.withUnsafeBufferPointer { try body(trimmed($0)) }
                        pending.removeAll(keepingCapacity: pending.capacity <= maximumLine)
                    }
                    start = end + 1
                }
                if start < n { append(UnsafeBufferPointer(rebasing: chunk[start..<n]), to: &pending) }
                try afterEachRead()
            }
            if sawAny, !pending.isEmpty { try pending.withUnsafeBufferPointer { try body(trimmed($0)) } }
        }

        private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to line: inout [UInt8]) {
            let room = maximumLine - line.count
            if room > 0 { line.append(contentsOf: bytes.prefix(room)) }
        }

        private static func trimmed(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            guard let last = line.last, last == 0x0D else { return line }
            return UnsafeBufferPointer(rebasing: line.dropLast())
        }
    }

    /// Buffered writes to standard output: one `write(2)` per 64 KiB instead of one per line.
    struct OutputBuffer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(72 * 1024) }

        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        mutating func append(_ part: some Sequence<UInt8>) { bytes.append(contentsOf: part) }
        mutating func append(byte: UInt8) { bytes.append(byte) }

        /// Writes when the buffer is big enough to be worth a system call.
        mutating func flushIfFull() throws { if bytes.count >= 64 * 1024 { try flush() } }

        mutating func flush() throws {
            var offset = 0
            try bytes.withUnsafeBytes { raw in
                while offset < raw.count {
                    let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw IOFailure(message: "cannot write standard output: \(String(cString: strerror(errno)))")
                    }
                    offset += n
                }
            }
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Formats one answer per input, as text or JSON Lines, in one language.
    struct Report {
        let language: Language
        let json: Bool
        var output = OutputBuffer()
        private(set) var allValid = true
        /// Per two-letter code (26 × 26), pre-rendered so a valid line costs no lookups or allocations.
        private let countryNames: [[UInt8]], countryLabels: [[UInt8]], serviceNames: [[UInt8]]

        init(language: Language, json: Bool) {
            self.language = language
            self.json = json
            var names = [[UInt8]](repeating: [], count: 676), labels = names, services = names
            let other: Language = language == .en ? .zhHans : .en
            for country in Country.all {
                let b = Array(country.code.utf8), slot = Int(b[0] - 65) * 26 + Int(b[1] - 65)
                let name = country.name(in: language), otherName = country.name(in: other)
                names[slot] = Self.quoted(name)
                labels[slot] = Array("\(name) (\(otherName))".utf8)
            }
            for slot in 0..<676 {
                let service = S10Service(indicator: UInt8(65 + slot / 26), UInt8(65 + slot % 26))!
                services[slot] = Array(service.name(in: language).utf8)
            }
            countryNames = names; countryLabels = labels; serviceNames = services
        }

        /// One input line as read: canonical valid lines take a path without any String.
        mutating func add(line: UnsafeBufferPointer<UInt8>) throws {
            if line.count == 13, S10Number(bytes: line) != nil {
                writeValid(input: line, canonical: line)
            } else {
                try add(String(decoding: line, as: UTF8.self))
                return
            }
            try output.flushIfFull()
        }

        mutating func add(_ input: String) throws {
            let result = S10.validate(input)
            if let number = result.number {
                let canonical = number.utf8
                canonical.withUnsafeBufferPointer { writeValid(input: Array(input.utf8), canonical: $0) }
            } else {
                allValid = false
                writeInvalid(result)
            }
            try output.flushIfFull()
        }

        private mutating func writeValid(input: some Collection<UInt8>, canonical c: UnsafeBufferPointer<UInt8>) {
            let service = serviceNames[Int(c[0] - 65) * 26 + Int(c[1] - 65)]
            let country = Int(c[11] - 65) * 26 + Int(c[12] - 65)
            if json {
                output.append(#"{"input":"#); appendQuoted(input)
                output.append(#","valid":true,"number":""#); output.append(c)
                output.append(#"","serviceIndicator":""#); output.append(c[0..<2])
                output.append(#"","service":""#); output.append(service)
                output.append(#"","serial":""#); output.append(c[2..<10])
                output.append(#"","checkDigit":"#); output.append(byte: c[10])
                output.append(#","country":""#); output.append(c[11..<13])
                output.append(#"","countryName":"#); output.append(countryNames[country])
                output.append(#","errors":[],"suggestions":[]}"#)
            } else {
                appendVisible(input)
                output.append("  " + Catalogue.text(.cliValid, language) + "  ")
                if !input.elementsEqual(c) { output.append(c); output.append("  ") }
                output.append(service); output.append(" · "); output.append(countryLabels[country])
            }
            output.append(byte: 0x0A)
        }

        private mutating func writeInvalid(_ result: S10Validation) {
            if json {
                output.append(#"{"input":"#); appendQuoted(result.input.utf8)
                output.append(#","valid":false,"number":null,"serviceIndicator":null,"service":null,"serial":null,"#)
                output.append(#""checkDigit":null,"country":null,"countryName":null,"errors":["#)
                for (i, error) in result.errors.enumerated() {
                    output.append(i == 0 ? #"{"code":""# : #",{"code":""#); output.append(error.code.rawValue)
                    output.append(#"","message":"#); appendQuoted(error.message(in: language).utf8); output.append("}")
                }
                output.append(#"],"suggestions":["#)
                output.append(result.suggestions.map { "\"\($0)\"" }.joined(separator: ","))
                output.append("]}")
            } else {
                appendVisible(result.input.utf8)
                output.append("  " + Catalogue.text(.cliInvalid, language) + "  ")
                let space = Catalogue.text(.sentenceSeparator, language)
                output.append(result.errors.map { "\($0.code.rawValue): \($0.message(in: language))" }.joined(separator: space))
                if let didYouMean = didYouMean(result.suggestions) { output.append(space); output.append(didYouMean) }
            }
            output.append(byte: 0x0A)
        }

        /// "Did you mean A, B or C?" with the best three suggestions.
        private func didYouMean(_ suggestions: [S10Number]) -> String? {
            let best = suggestions.prefix(3).map(\.description)
            guard !best.isEmpty else { return nil }
            return Catalogue.text(.cliDidYouMean, language, ["numbers": Catalogue.orList(best, language)])
        }

        /// Control characters would garble a terminal: shown as U+FFFD in text output.
        private mutating func appendVisible(_ bytes: some Collection<UInt8>) {
            for b in bytes {
                if b < 0x20 || b == 0x7F { output.append([0xEF, 0xBF, 0xBD]) } else { output.append(byte: b) }
            }
        }

        /// `bytes` as a JSON string, in quotes.
        private mutating func appendQuoted(_ bytes: some Collection<UInt8>) {
            if bytes.withContiguousStorageIfAvailable({ JSONString.append(utf8: $0, escapingHTML: false, to: &output.bytes) }) == nil {
                Array(bytes).withUnsafeBufferPointer { JSONString.append(utf8: $0, escapingHTML: false, to: &output.bytes) }
            }
        }

        static func quoted(_ text: String) -> [UInt8] {
            var out: [UInt8] = []
            JSONString.append(text, escapingHTML: false, to: &out)
            return out
        }
    }
}
