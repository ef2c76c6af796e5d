import Foundation
import TestSupport

/// A rules folder as small as `RuleBook(folder:)` accepts (one phrase file, the link rules, English
/// explanations), in the running test's scratch directory (the test needs the `.scratch` trait), so that a
/// test can add or break the one file it is about.
enum RulesFolder {
    static let noPhrases = #"{"negations": [], "exclusions": [], "categories": []}"#

    /// Writes the folder; `phrases` is its only phrase file, `shorteners` the link rules' shortener hosts.
    static func minimal(phrases: String = noPhrases, shorteners: [String] = []) throws -> URL {
        let folder = Scratch.directory("rules")
        for sub in ["phrases", "explanations"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let hosts = shorteners.map { "\"\($0)\"" }.joined(separator: ", ")
        let links = #"{"shorteners": [\#(hosts)], "risky_tlds": [], "generic_tlds": ["com"], "postal_words": [], "generic_brand_tokens": [], "exact_only_brand_tokens": [], "affix_brand_min_length": 4, "brand_tokens": [], "confusables": {}}"#
        for (name, body) in [("phrases/xx", phrases), ("links", links), ("explanations/en", #"{"signals": {}, "fragments": {}, "verdicts": {}}"#)] {
            try Data(body.utf8).write(to: folder.appendingPathComponent("\(name).json"))
        }
        return folder
    }
}
