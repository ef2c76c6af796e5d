import PostTraceCore
import S10

/// A rule book's explanation files, shared (not copied) by every `CheckText` the checker writes, which fills
/// its template in a language only when that language is read.
final class ExplanationTexts: Sendable {
    /// Which template of a language's file a text is.
    enum Key: Sendable {
        case signal(SignalKind)
        case fragment(String)
        case verdict(Verdict)
    }

    /// The languages with a file, in the rule book's order; every text has an entry for each.
    let languages: [String]
    let files: [String: RuleBook.ExplanationFile]

    init(languages: [String], files: [String: RuleBook.ExplanationFile]) {
        self.languages = languages
        self.files = files
    }

    /// Whether the rules speak `tag` (a text in any other language reads as English).
    func has(_ tag: String) -> Bool { files[tag] != nil }

    /// The template `key` of a language's file (English when the language has no file).
    func template(_ key: Key, tag: String) -> String {
        guard let file = files[tag] ?? files["en"] else { return "" }
        switch key {
        case .signal(let kind): return file.signals[kind.rawValue] ?? kind.rawValue
        case .fragment(let name): return file.fragments[name] ?? ""
        case .verdict(let verdict): return file.verdicts[verdict.rawValue] ?? verdict.rawValue
        }
    }

    /// The template `key` in language `tag` with its `{name}` placeholders filled from `values` in that language.
    func fill(_ key: Key, _ values: [String: CheckText], tag: String) -> String {
        let template = template(key, tag: tag)
        return values.isEmpty ? template : RuleBook.fill(template, values.mapValues { $0.text(tag: tag) })
    }

    /// Operators' names in language `tag`: the explanation file's, else the directory's in that language
    /// (English where the directory has none), joined by the language's list separator.
    func operatorNames(_ operators: [PostalOperator], tag: String) -> String {
        let file = files[tag]
        let language = Language(rawValue: tag) ?? .en
        return operators.map { op in file?.operators?[op.id] ?? op.name.text(in: language) }.joined(separator: file?.listSeparator ?? ", ")
    }
}
