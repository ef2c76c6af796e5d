import PostTraceCore

/// The phrase rules of every language merged and compiled for one pass over a message. A message is not
/// told apart by language first: it may mix languages, and Chinese, Japanese and Korean share characters.
struct CompiledPhrases: Sendable {
    /// Every category of every language; a phrase match's tag is its index here.
    let categories: [RuleBook.PhraseCategory]
    /// Every phrase list, read in one pass (`PhraseTable.List`): the categories' phrases, weak phrases,
    /// cancellations (`cancelled_by`), request cues and paid-after words tagged by category index; operator names
    /// by operator index; the rest (negations before and after a phrase, exclusions, bank-account and payment-ID cues, QR words,
    /// pay-the-courier and cash-on-delivery words, fraud words, attachment words, legal threats, paid-out words, route pretexts, sender claims) of any language, tagged 0.
    let table: PhraseTable
    /// Categories that have request cues (full weight needs one; an empty list means none can be found).
    let requestCueCategories: Set<Int>
    /// The extensions of files sent to be opened (lower-case scalars, without the dot).
    let attachmentExtensions: Set<[Unicode.Scalar]>
    /// Phone cue words, folded like `NormalizedText.letters`.
    let phoneCues: [[Unicode.Scalar]]
    let phoneCuesAfter: [[Unicode.Scalar]]
    let serviceCues: [[Unicode.Scalar]]
    let courierCues: [[Unicode.Scalar]]

    init(rules: RuleBook, directory: PostalDirectory) {
        let files = rules.phraseFiles.map(\.file)
        let categories = files.flatMap(\.categories) + (rules.prepaidCards.map { [$0] } ?? [])
        self.categories = categories
        var table = PhraseTable()
        for (index, category) in categories.enumerated() {
            table.add(category.phrases, to: .phrases, weight: category.weight, tag: index)
            if let weak = category.weak { table.add(weak, to: .phrases, weight: category.weakWeight ?? 1, tag: index) }
            table.add(category.cancelledBy ?? [], to: .cancellations, tag: index)
            table.add(category.requestCues ?? [], to: .requestCues, tag: index)
            table.add(category.paidAfter ?? [], to: .paidAfter, tag: index)
        }
        requestCueCategories = Set(categories.indices.filter { categories[$0].requestCues != nil })
        for file in files {
            table.add(file.negations, to: .negations)
            table.add(file.negationsAfter ?? [], to: .negationsAfter)
            table.add(file.exclusions, to: .exclusions)
        }
        for (index, op) in directory.operators.enumerated() {
            table.add(op.aliases + files.flatMap { $0.operatorAliases?[op.id] ?? [] }, to: .operatorNames, tag: index)
        }
        for file in files {
            table.add(file.senderClaims ?? [], to: .senderClaims)
            table.add(file.bankAccountCues ?? [], to: .bankAccountCues)
            table.add(file.paymentIDCues ?? [], to: .paymentIDCues)
            table.add(file.qrCodes ?? [], to: .qrCodes)
            table.add(file.qrScanCues ?? [], to: .qrScanCues)
            table.add(file.atDelivery ?? [], to: .atDelivery)
        }
        for file in files {
            table.add(file.cashOnDelivery ?? [], to: .cashOnDelivery)
            table.add(file.fraudWords ?? [], to: .fraudWords)
            table.add(file.attachments ?? [], to: .attachments)
            table.add(file.attachmentOpenCues ?? [], to: .attachmentOpenCues)
            table.add(file.legalThreats ?? [], to: .legalThreats)
            table.add(file.paidOut ?? [], to: .paidOut)
            table.add(file.routePretexts ?? [], to: .routePretexts)
        }
        self.table = table
        attachmentExtensions = Set(rules.attachmentExtensions.map { Array($0.unicodeScalars) })
        let fold = { (words: [String]) in words.map { NormalizedText($0).letters }.filter { !$0.isEmpty } }
        phoneCues = fold(files.flatMap { $0.phoneCues ?? [] })
        phoneCuesAfter = fold(files.flatMap { $0.phoneCuesAfter ?? [] })
        serviceCues = fold(files.flatMap { $0.serviceCues ?? [] })
        courierCues = fold(files.flatMap { $0.courierCues ?? [] })
    }
}
