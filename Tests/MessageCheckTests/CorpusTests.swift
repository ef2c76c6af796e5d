import Foundation
import MessageCheck
import Testing

/// One labelled message of a corpus under `Fixtures/messages/`.
struct LabelledMessage: Decodable, Sendable {
    let id: String
    /// `scam` or `genuine`.
    let label: String
    let channel: String
    let lang: String
    let text: String

    /// The eleven languages the checker has rules for.
    static let languages = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "ru", "es", "fr", "de", "pt", "ar"]

    /// The first corpus (English, Chinese and mixed), tuned on.
    static let corpus: [LabelledMessage] = load("corpus.jsonl")
    /// Per language, written before that language's rules and never tuned on.
    static let heldOut: [String: [LabelledMessage]] = byLanguage("heldout")
    /// Per language, the messages the rules were written against.
    static let tuning: [String: [LabelledMessage]] = byLanguage("tuning")

    /// Every `.jsonl` file of a folder, grouped by each message's language.
    static func byLanguage(_ folder: String) -> [String: [LabelledMessage]] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/messages/\(folder)"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [:] }
        let messages = names.filter { $0.hasSuffix(".jsonl") }.sorted().flatMap { load("\(folder)/\($0)") }
        return Dictionary(grouping: messages, by: \.lang)
    }

    static func load(_ path: String) -> [LabelledMessage] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/messages/\(path)"),
              let data = try? Data(contentsOf: url) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(LabelledMessage.self, from: Data($0.utf8))
        }
    }
}

/// Recall (scams flagged) and false alarms (genuine messages flagged) of the shipped checker on some messages.
struct Accuracy {
    var scams = 0, genuine = 0, caught = 0, falseAlarms = 0, genuineLikelyScam = 0
    var missed: [String] = [], alarmed: [String] = []

    init(_ messages: [LabelledMessage]) throws {
        for message in messages {
            let verdict = try MessageChecker.shipped.check(message.text).verdict
            let flagged = verdict != .noWarningSigns
            if message.label == "scam" {
                scams += 1
                if flagged { caught += 1 } else { missed.append(message.id) }
            } else {
                genuine += 1
                if flagged { falseAlarms += 1; alarmed.append(message.id) }
                if verdict == .likelyScam { genuineLikelyScam += 1 }
            }
        }
    }

    var recall: Double { Double(caught) / Double(max(1, scams)) }
    var falseAlarmRate: Double { Double(falseAlarms) / Double(max(1, genuine)) }
}

@Suite("Labelled corpus")
struct CorpusTests {
    /// The goal of each language on messages written before its rules: at least 95 % of scams flagged,
    /// at most 5 % of genuine messages flagged.
    static let minimumRecall = 0.95
    static let maximumFalseAlarms = 0.05
    /// Languages measured below the recall goal on their held-out set, with the recall measured (each
    /// batch's figures are in heldout/README.md); the test holds them there so they cannot get worse unnoticed:
    /// Japanese's twelfth batch (eight scams: transfers to personal-name accounts behind a ticket resale, a puppy's
    /// quarantine fee, a romance parcel's certificate fee, a changed payee account and an off-platform seller; a
    /// "refund" by sending 1 yen on PayPay; a fake order with a cancellation number; a cash pickup at the door).
    static let belowRecallGoal: [String: Double] = ["ja": 0.60]
    /// Languages measured above the false-alarm goal on their held-out set, with the rate measured, held there
    /// the same way (none: Japanese's twelfth batch is at the goal, 5 %).
    static let aboveFalseAlarmGoal: [String: Double] = [:]
    /// Languages whose held-out genuine messages include some called `likely_scam`, with the number measured:
    /// Japanese's twelfth batch (a shop asking for the refund account by reply).
    static let genuineCalledLikelyScam: [String: Int] = ["ja": 1]

    @Test("the first corpus has at least 80 messages of both labels, in English, Chinese and mixed, from several channels")
    func corpusShape() throws {
        let corpus = LabelledMessage.corpus
        #expect(corpus.count >= 80)
        #expect(Set(corpus.map(\.label)) == ["scam", "genuine"])
        #expect(Set(corpus.map(\.lang)).isSuperset(of: ["en", "zh", "mixed"]))
        #expect(Set(corpus.map(\.channel)).isSuperset(of: ["sms", "email", "wechat"]))
        #expect(corpus.filter { $0.label == "genuine" }.count >= 30)
    }

    @Test("every language has a held-out set of at least 20 scams and 20 genuine messages, and ids are unique")
    func heldOutShape() throws {
        #expect(Set(LabelledMessage.heldOut.keys) == Set(LabelledMessage.languages))
        for (lang, messages) in LabelledMessage.heldOut {
            #expect(messages.filter { $0.label == "scam" }.count >= 20, "\(lang)")
            #expect(messages.filter { $0.label == "genuine" }.count >= 20, "\(lang)")
            #expect(messages.allSatisfy { $0.lang == lang }, "\(lang)")
        }
        let all = LabelledMessage.corpus + LabelledMessage.heldOut.values.joined() + LabelledMessage.tuning.values.joined()
        #expect(Set(all.map(\.id)).count == all.count, "ids are unique across the corpora")
        let heldOutTexts = Set(LabelledMessage.heldOut.values.joined().map(\.text))
        let tuningTexts = Set((LabelledMessage.corpus + LabelledMessage.tuning.values.joined()).map(\.text))
        #expect(heldOutTexts.isDisjoint(with: tuningTexts), "no held-out message is in a tuning set")
    }

    @Test("each language meets the goal on its held-out set: recall ≥ 95 %, false alarms ≤ 5 %",
          arguments: LabelledMessage.languages)
    func heldOutGoal(lang: String) throws {
        let accuracy = try Accuracy(LabelledMessage.heldOut[lang] ?? [])
        #expect(accuracy.scams >= 20)
        if let measured = Self.belowRecallGoal[lang] {
            withKnownIssue("\(lang) held-out recall is below the goal (see heldout/README.md)") {
                #expect(accuracy.recall >= Self.minimumRecall)
            }
            #expect(accuracy.recall >= measured, "\(lang) recall fell below its measured \(measured): missed \(accuracy.missed)")
        } else {
            #expect(accuracy.recall >= Self.minimumRecall, "\(lang) recall \(accuracy.recall), missed: \(accuracy.missed)")
        }
        if let measured = Self.aboveFalseAlarmGoal[lang] {
            withKnownIssue("\(lang) held-out false alarms are above the goal (see heldout/README.md)") {
                #expect(accuracy.falseAlarmRate <= Self.maximumFalseAlarms)
            }
            #expect(accuracy.falseAlarmRate <= measured, "\(lang) false alarms rose above their measured \(measured): \(accuracy.alarmed)")
        } else {
            #expect(accuracy.falseAlarmRate <= Self.maximumFalseAlarms, "\(lang) false alarms \(accuracy.falseAlarmRate): \(accuracy.alarmed)")
        }
        if let measured = Self.genuineCalledLikelyScam[lang] {
            withKnownIssue("\(lang): a held-out genuine message is called likely_scam (see heldout/README.md)") {
                #expect(accuracy.genuineLikelyScam == 0)
            }
            #expect(accuracy.genuineLikelyScam <= measured, "\(lang): more genuine messages called likely_scam than measured")
        } else {
            #expect(accuracy.genuineLikelyScam == 0, "\(lang): a genuine message called likely_scam")
        }
    }

    @Test("the tuning sets and the first corpus meet the goal too, and no genuine message is called likely_scam")
    func tuningGoal() throws {
        for (lang, messages) in LabelledMessage.tuning.sorted(by: { $0.key < $1.key }) + [("first corpus", LabelledMessage.corpus)] {
            let accuracy = try Accuracy(messages)
            #expect(accuracy.recall >= Self.minimumRecall, "\(lang) recall \(accuracy.recall), missed: \(accuracy.missed)")
            #expect(accuracy.falseAlarmRate <= Self.maximumFalseAlarms, "\(lang): \(accuracy.alarmed)")
            #expect(accuracy.genuineLikelyScam == 0, "\(lang)")
        }
    }

    @Test("every verdict class occurs on the corpus")
    func everyClass() throws {
        let verdicts = Set(try LabelledMessage.corpus.map { try MessageChecker.shipped.check($0.text).verdict })
        #expect(verdicts == Set(Verdict.allCases))
    }
}
