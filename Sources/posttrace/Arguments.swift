import Foundation
import PostTraceServer
import S10

/// Exit statuses, following sysexits where one fits.
enum ExitCode {
    static let ok: Int32 = 0
    /// Something checked was not fine (invalid number, not found, suspicious message).
    static let negative: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    /// An output file exists or cannot be created.
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let unavailable: Int32 = 69
}

/// A command-line mistake: printed as one line on stderr, exit 64.
struct UsageError: Error { let message: String }

/// A parsed command line: options by name, boolean flags, positionals in order.
/// Options may be given as `--name value` or `--name=value`; `--` ends options.
struct Arguments {
    private(set) var options: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `args` knowing which names take a value and which are flags; anything else is a usage error.
    init(_ args: [String], options valueNames: Set<String>, flags flagNames: Set<String>) throws {
        var i = 0, onlyPositionals = false
        while i < args.count {
            let arg = args[i]; i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" { positionals.append(arg); continue }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg, inline: String?
            if let eq = arg.firstIndex(of: "=") { name = String(arg[..<eq]); inline = String(arg[arg.index(after: eq)...]) }
            let bare = String(name.drop { $0 == "-" })
            if flagNames.contains(bare) {
                guard inline == nil else { throw UsageError(message: "option \(name) takes no value") }
                flags.insert(bare)
            } else if valueNames.contains(bare) {
                guard let value = inline ?? (i < args.count ? args[i] : nil) else {
                    throw UsageError(message: "option \(name) needs a value")
                }
                if inline == nil { i += 1 }
                options[bare, default: []].append(value)
            } else {
                throw UsageError(message: "unknown option \(name)")
            }
        }
    }

    /// The last value of an option, else the environment variable, else nil.
    func value(_ name: String, env: String? = nil) -> String? {
        if let v = options[name]?.last { return v }
        if let env, let v = ProcessInfo.processInfo.environment[env], !v.isEmpty { return v }
        return nil
    }

    /// Every value of a repeatable option.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// An integer option within bounds, or a usage error naming it.
    func int(_ name: String, env: String? = nil, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = value(name, env: env) else { return fallback }
        guard let v = Int(text), range.contains(v) else {
            throw UsageError(message: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return v
    }
}

/// Writes to standard error without buffering surprises; under systemd the journal records it as an error.
func printError(_ text: String) {
    JournalLog.write(text + "\n", .error)
}

extension Arguments {
    /// The tags `--lang` takes, for help and usage errors.
    static let languageTags = Language.allCases.map(\.rawValue).joined(separator: "|")

    /// `--lang TAG` read as a language range (`ja`, `pt-BR`, `zh-TW`); `fallback` without the option.
    func language(default fallback: Language = .en) throws -> Language {
        guard let tag = value("lang") else { return fallback }
        guard let language = Language(tag: tag) else {
            throw UsageError(message: "--lang must be one of \(Arguments.languageTags) (or a regional tag such as pt-BR), got '\(tag)'")
        }
        return language
    }

    /// The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, e.g. `ja_JP.UTF-8`), if we speak it.
    static var environmentLanguage: Language? {
        let env = ProcessInfo.processInfo.environment
        guard let locale = [env["LC_ALL"], env["LC_MESSAGES"], env["LANG"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        return Language(tag: locale.prefix { $0 != "." && $0 != "@" })
    }
}
