import Foundation

/// One line of a command's option table: the options it documents, how the usage line shows them, and the help.
/// The table is where a command's options are declared: the parser accepts exactly the names listed here and
/// `--help` is written from it, so an option cannot be accepted without being documented, nor the reverse.
struct OptionEntry: Sendable {
    /// Option names that take a value (without `--`).
    let options: [String]
    /// Option names that are boolean flags.
    let flags: [String]
    /// How the usage line shows the entry, one bracketed part each, e.g. `--port 8080`; a part ending in `…`
    /// is an option that may be repeated (`[--cors-origin ORIGIN]…`).
    let usage: [String]
    /// The left column of the help, e.g. `--host, --port`.
    let label: String
    /// What it does, its default and its environment variables.
    let help: String

    init(_ options: [String] = [], flags: [String] = [], usage: [String], label: String? = nil, _ help: String) {
        self.options = options
        self.flags = flags
        self.usage = usage
        self.label = label ?? (options + flags).map { "--" + $0 }.joined(separator: ", ")
        self.help = help
    }
}

/// A command's options, its usage line and its help text, all from one list of entries.
struct OptionTable: Sendable {
    let command: String
    let entries: [OptionEntry]

    /// Every option name that takes a value.
    var options: Set<String> { Set(entries.flatMap(\.options)) }
    /// Every flag name.
    var flags: Set<String> { Set(entries.flatMap(\.flags)) }

    /// Parses `args` against the table.
    func parse(_ args: [String]) throws -> Arguments { try Arguments(args, options: options, flags: flags) }

    /// `Usage: posttrace CMD [..] [..]`, wrapped under the first bracket, then one entry a paragraph.
    func help(description: String, footer: String) -> String {
        let head = "Usage: posttrace \(command) "
        var lines: [String] = [], line = head
        let parts = entries.flatMap(\.usage).map { $0.hasSuffix("…") ? "[\($0.dropLast())]…" : "[\($0)]" }
        for part in parts {
            if line.count + part.count + 1 > Self.width, line.count > head.count {
                lines.append(line)
                line = String(repeating: " ", count: head.count)
            }
            line += (line.hasSuffix(" ") ? "" : " ") + part
        }
        lines.append(line)
        var text = lines.joined(separator: "\n") + "\n\n" + description + "\n\n"
        for entry in entries {
            text += Self.paragraph(label: entry.label, text: entry.help) + "\n"
        }
        return text + "\n" + footer
    }

    static let width = 118
    static let labelWidth = 19

    /// `  label  help…` with the help wrapped at `width` and continued under its own first column; a label
    /// too long for the column puts the help on the next line.
    static func paragraph(label: String, text: String) -> String {
        let indent = String(repeating: " ", count: labelWidth + 2)
        var out: [String] = []
        var line = "  " + label
        if line.count >= labelWidth + 1 { out.append(line); line = indent } else { line += String(repeating: " ", count: labelWidth + 2 - line.count) }
        var empty = true
        for word in text.split(separator: " ") {
            if !empty, line.count + word.count + 1 > width { out.append(line); line = indent; empty = true }
            line += (empty ? "" : " ") + word
            empty = false
        }
        out.append(line)
        return out.joined(separator: "\n")
    }
}

/// One reading of boolean environment variables for every command: `1`, `true`, `yes`, `on` are true; `0`,
/// `false`, `no`, `off` are false; unset or empty is nil; anything else is a usage error naming the variable.
enum EnvironmentFlag {
    static func value(_ name: String, in environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Bool? {
        guard let text = environment[name]?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw UsageError(message: "\(name) must be 1/true/yes/on or 0/false/no/off, got '\(text.prefix(40))'")
        }
    }
}
