import Foundation
import PostTraceCore
import S10

/// The checker's rules, read from the JSON data files in `Rules/`: phrases, link lists, explanations.
public struct RuleBook: Sendable {
    /// A category of phrases (payment, credentials, urgency, details) with its weights.
    struct PhraseCategory: Sendable, Decodable {
        let kind: SignalKind
        let weight: Int
        let phrases: [String]
        let weakWeight: Int?
        let weak: [String]?
        /// When the message contains one of these, the category does not apply at all.
        let cancelledBy: [String]?
        /// When given, full weight needs one of these earlier in the sentence; otherwise `unrequestedWeight`.
        let requestCues: [String]?
        let unrequestedWeight: Int?
        /// Words that, following a match in the same clause, say the payment is already made
        /// (`を確認しました`, `が完了しました`): a confirmation, not a request.
        let paidAfter: [String]?
        /// False for words that never name a way to pay the courier at the door (gift cards, transfers, codes to
        /// send): they are never marked `at_delivery`. Absent means they may (cash, cards, electronic money).
        let atDoor: Bool?
        /// True for requests only a post, courier or customs would have no reason to make (postage stamps to post
        /// as a payment): full weight in a message that claims to be one, `unrequestedWeight` (else 1) elsewhere,
        /// where a friend may well ask for stamps.
        var carrierOnly: Bool? = nil
        enum CodingKeys: String, CodingKey {
            case kind, weight, phrases, weak
            case weakWeight = "weak_weight", cancelledBy = "cancelled_by", requestCues = "request_cues", unrequestedWeight = "unrequested_weight"
            case paidAfter = "paid_after", atDoor = "at_door", carrierOnly = "carrier_only"
        }
    }
    /// One language's phrase rules (`phrases/<tag>.json`).
    struct PhraseFile: Sendable, Decodable {
        let negationWindow: Int?
        /// Words that cancel a phrase when they come before it in the sentence (`never`, `不会`, `nunca`).
        let negations: [String]
        /// Words that cancel a phrase when they follow it in the sentence, for languages that negate at the
        /// end (`お支払いを求めることはありません`, `결제를 요구하지 않습니다`).
        let negationsAfter: [String]?
        let exclusions: [String]
        let categories: [PhraseCategory]
        /// Words announcing a phone number just before it (`call`, `电话`, `позвоните`).
        let phoneCues: [String]?
        /// Words announcing a phone number just after it (`までお電話ください`, `로 연락`).
        let phoneCuesAfter: [String]?
        /// Words presenting a number as customer service: an unpublished one is then a strong sign.
        let serviceCues: [String]?
        /// Words presenting a number as the courier's own, which is normal in delivery notices.
        let courierCues: [String]?
        /// Names operators of the directory go by in this language, by operator id.
        let operatorAliases: [String: [String]]?
        /// Words by which a message presents itself as sent by a post, a courier, its driver or customs
        /// (`ヤマト運輸`, `配達員です`, `税関`), counted only near the start like an operator's name.
        let senderClaims: [String]?
        /// Words that name a bank account when a number of at least six digits follows them (`普通`, `口座番号`,
        /// `account number`): an account to pay into.
        let bankAccountCues: [String]?
        /// Words naming a payment app's ID or a payment number to pay to (`PayPay ID`, `お客様番号`, `chave pix`):
        /// a route to pay like a bank account when an ID of at least four letters or digits follows them.
        let paymentIDCues: [String]?
        /// Words for a QR code (`QR`, `二维码`, `二次元コード`) and words asking to scan one (`読み取`, `scan`, `扫`):
        /// a QR code with a scanning word in its sentence is a way in the sender chose, as a link is.
        let qrCodes: [String]?
        let qrScanCues: [String]?
        /// Words saying a payment is made to the courier at the door or at the counter (`ドライバーに`,
        /// `配達時に`, `to the courier`): a payment or card named after one in its sentence is a way to pay
        /// on delivery, not a request through the message, where the message offers no route of its own.
        let atDelivery: [String]?
        /// Words naming cash on delivery (`代金引換`, `着払い`, `cash on delivery`, `Nachnahme`): payment and card
        /// words after one, anywhere later in the message, are ways to pay at the door as after `at_delivery`.
        let cashOnDelivery: [String]?
        /// Words naming a fraud or an impersonation (`詐欺`, `を装った`, `scam`, `冒充`): a message naming one is a
        /// warning, whose warning sentences quote requests rather than make them (`warningSentences`).
        let fraudWords: [String]?
        /// Words for an attached file (`添付`, `attachment`, `附件`) and words asking to open one (`開いて`, `open`).
        let attachments: [String]?
        let attachmentOpenCues: [String]?
        /// Threats of legal action, arrest or seizure (`法的手続き`, `legal action`, `起诉`): an account or payment ID
        /// given by a message that makes one is a route of the sender's own, whoever it claims to be.
        let legalThreats: [String]?
        /// Words saying money was sent to the reader's account (`へ送金いたしました`, `has been transferred to`): an
        /// account they follow in its sentence is where money went, not where to pay.
        let paidOut: [String]?
        /// Pretexts for asking money into an account (`キャンセル料`, `overpaid`, `prize`, `振込のみ`): an account or
        /// payment ID given by a message that offers one is a route of the sender's own, as under a legal threat.
        let routePretexts: [String]?
        enum CodingKeys: String, CodingKey {
            case negations, exclusions, categories
            case negationWindow = "negation_window", negationsAfter = "negations_after", phoneCues = "phone_cues"
            case phoneCuesAfter = "phone_cues_after", serviceCues = "service_cues", courierCues = "courier_cues"
            case operatorAliases = "operator_aliases", senderClaims = "sender_claims", bankAccountCues = "bank_account_cues"
            case paymentIDCues = "payment_id_cues"
            case qrCodes = "qr_codes", qrScanCues = "qr_scan_cues", atDelivery = "at_delivery"
            case cashOnDelivery = "cash_on_delivery", fraudWords = "fraud_words", attachments
            case attachmentOpenCues = "attachment_open_cues", legalThreats = "legal_threats", paidOut = "paid_out"
            case routePretexts = "route_pretexts"
        }
    }
    struct LinkFile: Sendable, Decodable {
        let shorteners: [String]
        let riskyTLDs: [String]
        let genericTLDs: [String]
        let postalWords: [String]
        let genericBrandTokens: [String]
        let affixBrandMinLength: Int
        let brandTokens: [String]
        let exactOnlyBrandTokens: [String]
        let confusables: [String: String]
        let knownServices: [String]?
        /// Free website builders, form services, app hosting and free e-mail (`sites.google.com`, `forms.gle`,
        /// `web.app`, `gmail.com`): anyone can put a page or an address there in minutes.
        let freeHosts: [String]?
        /// Payment apps' request and profile links (`pay.paypay.ne.jp`, `paypal.me`): an account to pay into, like a
        /// payment ID, not a site.
        let paymentLinks: [String]?
        enum CodingKeys: String, CodingKey {
            case shorteners, confusables
            case knownServices = "known_services", freeHosts = "free_hosts", paymentLinks = "payment_links"
            case riskyTLDs = "risky_tlds", genericTLDs = "generic_tlds", postalWords = "postal_words"
            case genericBrandTokens = "generic_brand_tokens", affixBrandMinLength = "affix_brand_min_length", brandTokens = "brand_tokens"
            case exactOnlyBrandTokens = "exact_only_brand_tokens"
        }
    }
    /// File extensions of attachments sent to be opened, shared by every language (`attachments.json`).
    struct AttachmentFile: Sendable, Decodable {
        let extensions: [String]
    }
    /// Prepaid-card brands shared by every language (`prepaid_cards.json`).
    struct PrepaidCardFile: Sendable, Decodable {
        let weight: Int
        let brands: [String]
        /// Words saying the card was bought, following its brand (`のご購入ありがとうございます`, `purchase
        /// confirmed`): a shop's receipt, not a request to buy one.
        let paidAfter: [String]?
        enum CodingKeys: String, CodingKey { case weight, brands; case paidAfter = "paid_after" }
    }
    /// One language's texts (`explanations/<tag>.json`); `{name}` placeholders are filled from a signal's details.
    struct ExplanationFile: Sendable, Decodable {
        let signals: [String: String]
        let fragments: [String: String]
        let verdicts: [String: String]
        /// Operator names in this language by operator id, where the directory's English name would not do.
        let operators: [String: String]?
        /// Between operator names in a list (`, `, `、`).
        let listSeparator: String?
        enum CodingKeys: String, CodingKey { case signals, fragments, verdicts, operators; case listSeparator = "list_separator" }
    }

    /// The language tags the rules speak, in `Language` order first (English first), then by tag.
    public let languages: [String]
    /// Each language's phrase rules, in `languages` order.
    let phraseFiles: [(tag: String, file: PhraseFile)]
    let links: LinkFile
    let texts: [String: ExplanationFile]
    /// The same files, shared by every text the checker writes (filled in a language when it is read).
    let explanations: ExplanationTexts
    /// Prepaid-card and voucher brands, written the same in every language (`prepaid_cards.json`), as one
    /// payment category that belongs to no language; nil when the file is absent.
    let prepaidCards: PhraseCategory?
    /// Extensions of archives, programs and web pages (`zip`, `exe`, `html`) from `attachments.json`, lower
    /// case without the dot; empty when the file is absent.
    let attachmentExtensions: [String]
    /// The longest negation window of any language, in characters.
    let negationWindow: Int

    /// The rules shipped in the module's `Rules/` folder.
    public static let shipped: RuleBook = {
        guard let folder = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            fatalError("MessageCheck resource folder Rules is missing")
        }
        do { return try RuleBook(folder: folder) } catch { fatalError("MessageCheck rules are malformed: \(error)") }
    }()

    /// Reads `links.json`, `phrases/<tag>.json` and `explanations/<tag>.json` from a folder (custom deployments,
    /// tests). Every language needs an explanations file; English is required.
    public init(folder: URL) throws {
        let decoder = JSONDecoder()
        links = try decoder.decode(LinkFile.self, from: Data(contentsOf: folder.appendingPathComponent("links.json")))
        var texts: [String: ExplanationFile] = [:]
        for (tag, url) in try Self.languageFiles(in: folder.appendingPathComponent("explanations")) {
            texts[tag] = try decoder.decode(ExplanationFile.self, from: Data(contentsOf: url))
        }
        guard texts["en"] != nil else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "explanations/en.json"]) }
        let known = Language.allCases.map(\.rawValue)
        languages = texts.keys.sorted { (known.firstIndex(of: $0) ?? known.count, $0) < (known.firstIndex(of: $1) ?? known.count, $1) }
        var phrases: [(String, PhraseFile)] = []
        let phraseURLs = Dictionary(uniqueKeysWithValues: try Self.languageFiles(in: folder.appendingPathComponent("phrases")))
        for tag in languages + phraseURLs.keys.filter({ texts[$0] == nil }).sorted() {
            guard let url = phraseURLs[tag] else { continue }
            phrases.append((tag, try decoder.decode(PhraseFile.self, from: Data(contentsOf: url))))
        }
        phraseFiles = phrases
        self.texts = texts
        explanations = ExplanationTexts(languages: languages, files: texts)
        let prepaidURL = folder.appendingPathComponent("prepaid_cards.json")
        if FileManager.default.fileExists(atPath: prepaidURL.path) {
            let file = try decoder.decode(PrepaidCardFile.self, from: Data(contentsOf: prepaidURL))
            prepaidCards = PhraseCategory(kind: .paymentRequest, weight: file.weight, phrases: file.brands, weakWeight: nil, weak: nil,
                                          cancelledBy: nil, requestCues: nil, unrequestedWeight: nil, paidAfter: file.paidAfter, atDoor: false)
        } else {
            prepaidCards = nil
        }
        let attachmentsURL = folder.appendingPathComponent("attachments.json")
        attachmentExtensions = FileManager.default.fileExists(atPath: attachmentsURL.path)
            ? try decoder.decode(AttachmentFile.self, from: Data(contentsOf: attachmentsURL)).extensions.map { $0.lowercased() } : []
        negationWindow = phrases.compactMap(\.1.negationWindow).max() ?? 60
    }

    /// The `<tag>.json` files of a folder, by tag.
    static func languageFiles(in folder: URL) throws -> [(String, URL)] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .map { ($0.deletingPathExtension().lastPathComponent, $0) }
            .sorted { $0.0 < $1.0 }
    }

    /// Texts a language lacks, as `tag: key` (should be none): every signal kind, verdict and English fragment.
    public var missingTexts: [String] {
        guard let english = texts["en"] else { return ["en"] }
        var missing: [String] = []
        for tag in languages {
            let file = texts[tag]
            for kind in SignalKind.allCases where (file?.signals[kind.rawValue] ?? "").isEmpty { missing.append("\(tag): \(kind.rawValue)") }
            for verdict in Verdict.allCases where (file?.verdicts[verdict.rawValue] ?? "").isEmpty { missing.append("\(tag): \(verdict.rawValue)") }
            for key in english.fragments.keys.sorted() where file?.fragments[key] == nil { missing.append("\(tag): \(key)") }
        }
        return missing
    }

    /// Every template of a language by key (`signal.payment_request`, `verdict.suspicious`, `fragment.risky_tld`).
    public func templates(_ tag: String) -> [String: String] {
        guard let file = texts[tag] else { return [:] }
        var all: [String: String] = [:]
        for (key, text) in file.signals { all["signal." + key] = text }
        for (key, text) in file.verdicts { all["verdict." + key] = text }
        for (key, text) in file.fragments { all["fragment." + key] = text }
        return all
    }

    /// The summary of a verdict.
    func summary(_ verdict: Verdict) -> CheckText {
        CheckText(.template(explanations, .verdict(verdict), [:]))
    }

    /// A signal's explanation with `{name}` placeholders filled from `values`, language by language.
    func explain(_ kind: SignalKind, _ values: [String: CheckText]) -> CheckText {
        CheckText(.template(explanations, .signal(kind), values))
    }

    /// A fragment by key, filled the same way.
    func fragment(_ key: String, _ values: [String: CheckText] = [:]) -> CheckText {
        CheckText(.template(explanations, .fragment(key), values))
    }

    /// A text another module localizes (an S10 error, a country name), for each language of the rules;
    /// a language that module does not speak gets its English text.
    func localizedByLanguage(_ text: @escaping @Sendable (Language) -> String) -> CheckText {
        CheckText(.byLanguage(explanations, text))
    }

    /// An operator's name in each language: the explanation file's, else the directory's in that language
    /// (English where the directory has none).
    func operatorNames(_ operators: [PostalOperator]) -> CheckText {
        CheckText(.operators(explanations, operators))
    }

    /// Replaces `{name}` with `values[name]` in one pass; unknown names are left as written.
    /// Scans UTF-8 bytes (braces are ASCII), not characters: this runs once per signal and language read.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        let bytes = Array(template.utf8)
        var out = [UInt8](), i = 0
        out.reserveCapacity(bytes.count + 64)
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) else {
                out.append(bytes[i]); i += 1; continue
            }
            let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            if let value = values[name] { out.append(contentsOf: value.utf8) } else { out.append(contentsOf: bytes[i...close]) }
            i = close + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
