import PostTraceCore

/// The phrase rules of every language merged and compiled for one pass over a message. A message is not
/// told apart by language first: it may mix languages, and Chinese, Japanese and Korean share characters.
struct CompiledPhrases: Sendable {
    /// Every category of every language; a phrase match's tag is its index here.
    let categories: [RuleBook.PhraseCategory]
    let table: PhraseTable
    /// Negations before a phrase, and after it (verb-final languages), of any language.
    let negations: PhraseTable
    let negationsAfter: PhraseTable
    let exclusions: PhraseTable
    /// Phrases that switch a category off, tagged by category index.
    let cancellations: PhraseTable
    /// Request cues by category index, for categories that have them.
    let requestCues: [Int: PhraseTable]
    /// Words saying a payment is already made, by category index, for categories that have them.
    let paidAfter: [Int: PhraseTable]
    /// Words naming a bank account when digits follow (`普通`, `口座番号`), of any language.
    let bankAccountCues: PhraseTable
    /// Words naming a payment app's ID or a payment number (`PayPay ID`, `お客様番号`), of any language.
    let paymentIDCues: PhraseTable
    /// Words for a QR code and words asking to scan one, of any language.
    let qrCodes: PhraseTable
    let qrScanCues: PhraseTable
    /// Words for paying the courier at the door or at the counter, of any language.
    let atDelivery: PhraseTable
    /// Words naming cash on delivery, of any language.
    let cashOnDelivery: PhraseTable
    /// Words naming a fraud or an impersonation, of any language.
    let fraudWords: PhraseTable
    /// Words for an attached file and words asking to open one, of any language, and the extensions of
    /// files sent to be opened (lower-case scalars, without the dot).
    let attachments: PhraseTable
    let attachmentOpenCues: PhraseTable
    let attachmentExtensions: Set<[Unicode.Scalar]>
    /// Operator names (directory aliases and each language's names), tagged by operator index.
    let operatorNames: PhraseTable
    /// Words presenting the sender as a post, courier, driver or customs (couriers are not in the directory).
    let senderClaims: PhraseTable
    /// Phone cue words, folded like `NormalizedText.letters`.
    let phoneCues: [[Unicode.Scalar]]
    let phoneCuesAfter: [[Unicode.Scalar]]
    let serviceCues: [[Unicode.Scalar]]
    let courierCues: [[Unicode.Scalar]]

    init(rules: RuleBook, directory: PostalDirectory) {
        let files = rules.phraseFiles.map(\.file)
        categories = files.flatMap(\.categories) + (rules.prepaidCards.map { [$0] } ?? [])
        var table = PhraseTable(), cancel = PhraseTable()
        var cues: [Int: PhraseTable] = [:], paid: [Int: PhraseTable] = [:]
        for (index, category) in categories.enumerated() {
            table.add(category.phrases, weight: category.weight, tag: index)
            if let weak = category.weak { table.add(weak, weight: category.weakWeight ?? 1, tag: index) }
            cancel.add(category.cancelledBy ?? [], weight: 0, tag: index)
            if let requestCues = category.requestCues {
                var cueTable = PhraseTable()
                cueTable.add(requestCues, weight: 0, tag: index)
                cues[index] = cueTable
            }
            if let paidAfter = category.paidAfter {
                var paidTable = PhraseTable()
                paidTable.add(paidAfter, weight: 0, tag: index)
                paid[index] = paidTable
            }
        }
        self.table = table; cancellations = cancel; requestCues = cues; self.paidAfter = paid
        var negations = PhraseTable(), after = PhraseTable(), exclusions = PhraseTable(), names = PhraseTable()
        for file in files {
            negations.add(file.negations, weight: 0, tag: 0)
            after.add(file.negationsAfter ?? [], weight: 0, tag: 0)
            exclusions.add(file.exclusions, weight: 0, tag: 0)
        }
        for (index, op) in directory.operators.enumerated() {
            names.add(op.aliases + files.flatMap { $0.operatorAliases?[op.id] ?? [] }, weight: 0, tag: index)
        }
        self.negations = negations; negationsAfter = after; self.exclusions = exclusions; operatorNames = names
        var claims = PhraseTable()
        for file in files { claims.add(file.senderClaims ?? [], weight: 0, tag: 0) }
        senderClaims = claims
        var bank = PhraseTable(), paymentIDs = PhraseTable()
        for file in files {
            bank.add(file.bankAccountCues ?? [], weight: 0, tag: 0)
            paymentIDs.add(file.paymentIDCues ?? [], weight: 0, tag: 0)
        }
        bankAccountCues = bank; paymentIDCues = paymentIDs
        var qr = PhraseTable(), scan = PhraseTable(), door = PhraseTable()
        for file in files {
            qr.add(file.qrCodes ?? [], weight: 0, tag: 0)
            scan.add(file.qrScanCues ?? [], weight: 0, tag: 0)
            door.add(file.atDelivery ?? [], weight: 0, tag: 0)
        }
        qrCodes = qr; qrScanCues = scan; atDelivery = door
        var cod = PhraseTable(), fraud = PhraseTable(), attached = PhraseTable(), open = PhraseTable()
        for file in files {
            cod.add(file.cashOnDelivery ?? [], weight: 0, tag: 0)
            fraud.add(file.fraudWords ?? [], weight: 0, tag: 0)
            attached.add(file.attachments ?? [], weight: 0, tag: 0)
            open.add(file.attachmentOpenCues ?? [], weight: 0, tag: 0)
        }
        cashOnDelivery = cod; fraudWords = fraud; attachments = attached; attachmentOpenCues = open
        attachmentExtensions = Set(rules.attachmentExtensions.map { Array($0.unicodeScalars) })
        let fold = { (words: [String]) in words.map { NormalizedText($0).letters }.filter { !$0.isEmpty } }
        phoneCues = fold(files.flatMap { $0.phoneCues ?? [] })
        phoneCuesAfter = fold(files.flatMap { $0.phoneCuesAfter ?? [] })
        serviceCues = fold(files.flatMap { $0.serviceCues ?? [] })
        courierCues = fold(files.flatMap { $0.courierCues ?? [] })
    }
}
