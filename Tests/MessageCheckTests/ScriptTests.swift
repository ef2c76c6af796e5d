import Foundation
import MessageCheck
import Testing

/// Phrase rules of every language under the ways each script can be written differently.
@Suite("Scripts and languages")
struct ScriptTests {
    @Test("a fee request with a look-alike link is likely a scam in every language", arguments: [
        "USPS: pay the $1.99 redelivery fee at usps-redelivery.top",
        "【中国邮政】请支付重新派送费3元：chinapost-fee.top",
        "【中華郵政】請支付重新投遞費NT$30：chunghwapost-fee.top",
        "【日本郵便】再配達手数料200円をお支払いください：japanpost-fee.top",
        "[우체국] 재배송 수수료 3,000원을 결제해 주세요: koreapost-fee.top",
        "Почта России: оплатите доставку 99 руб.: pochta-oplata.top",
        "Correos: abone la tasa de 1,99 € en correos-tasa.top",
        "La Poste : réglez les frais de 1,99 € sur laposte-frais.top",
        "DHL: Bitte zahlen Sie die Gebühr von 1,99 € auf dhl-gebuehr.top",
        "Correios: pague a taxa de R$ 9,90 em correios-taxa.top",
        "البريد: ادفع رسوم التوصيل 5 ريال عبر spl-fee.top",
    ])
    func feeAndLookalike(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .likelyScam, "\(result.signals.map(\.kind))")
        #expect(result.signals.contains { $0.kind == .paymentRequest })
    }

    @Test("full-width letters, half-width katakana and hiragana/katakana variants read the same", arguments: [
        "ｵ支払いください：ｈｔｔｐｓ：／／ｊｐ－ｐｏｓｔ．ｔｏｐ",   // half-width kana, full-width URL
        "おしはらい：お荷物の手数料を至急お支払いください",          // katakana rule matches hiragana text
        "テスウリョウ",                                              // katakana of a hiragana-free word
    ])
    func japaneseForms(text: String) throws {
        _ = try check(text)
        let halfWidth = try check("ﾃｽｳﾘｮｳ300円をお支払いください。本日中：jp-post.top")
        #expect(halfWidth.signals.contains { $0.kind == .paymentRequest && $0.text.contains("お支払い") })
        #expect(try kinds("ｶﾞｲﾄﾞ").isEmpty, "voiced half-width kana combine without a crash or a sign")
    }

    @Test("Cyrillic look-alikes inside Latin words and Latin ones inside Cyrillic words do not hide a phrase")
    func lookalikeLetters() throws {
        // `pаy` with a Cyrillic а; `oплaтитe` with Latin o, a, e.
        #expect(try kinds("Please pаy the fee now").contains(.paymentRequest))
        #expect(try kinds("Срочно oплaтитe дoстaвку").contains(.paymentRequest))
        // A Cyrillic word stays Cyrillic and an English word English: no sign from ordinary text.
        #expect(try kinds("Посылка прибыла в отделение. The parcel has arrived.").isEmpty)
    }

    @Test("accents are optional in Latin-script phrases; case folds in every alphabet")
    func accentsAndCase() throws {
        #expect(try kinds("FRAIS DE REEXPEDITION A REGLER").contains(.paymentRequest))
        #expect(try kinds("Gebuhr bezahlen").contains(.paymentRequest))
        #expect(try kinds("ОПЛАТИТЕ ПОШЛИНУ").contains(.paymentRequest))
        #expect(try kinds("Pagamento pendente: informe o número do cartão").contains(.credentialRequest))
    }

    @Test("Arabic tatweel, vowel marks, letter variants and Arabic-Indic digits are read through")
    func arabicForms() throws {
        #expect(try kinds("ادفـــع الرسوم").contains(.paymentRequest))
        #expect(try kinds("اِدْفَعْ الرُّسُوم").contains(.paymentRequest))
        let phone = try check("اتصل فورا على ٠٥٥٣٨٢٩١٤٧")
        #expect(phone.signals.contains { $0.kind == .phoneNotPublished && $0.details["digits"] == "0553829147" })
    }

    @Test("negations before the phrase, and after it in verb-final languages, cancel a request", arguments: [
        "日本郵便がSMSでお支払いを求めることはありません。",
        "우체국은 문자로 결제를 요구하지 않습니다.",
        "Correos nunca te pedirá pagos por SMS.",
        "La Poste ne vous demandera jamais de payer par SMS.",
        "DHL verlangt niemals Zahlungen per SMS.",
        "Почта России никогда не просит оплатить доставку по ссылке.",
        "Os Correios nunca pedem pagamento por SMS.",
        "البريد لا يطلب أبدا الدفع عبر الرسائل.",
        "郵局不會以簡訊要求您付款。",
    ])
    func negations(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signals.map(\.kind))")
    }

    @Test("a one-time code message in each language gives a code, it does not ask for one", arguments: [
        "【日本郵便】認証コードは 384920 です。このコードを他人に教えないでください。",
        "[우체국] 인증번호 [582013]를 입력해 주세요. 타인에게 절대 알려주지 마세요.",
        "Код подтверждения: 4821. Никому не сообщайте этот код.",
        "Tu código de verificación es 583920. No lo compartas con nadie.",
        "Votre code de vérification : 739201. Ne le communiquez à personne.",
        "Ihr Bestätigungscode lautet 492018. Geben Sie diesen Code niemals weiter.",
        "Seu código de verificação é 482193. Não compartilhe este código com ninguém.",
        "رمز التحقق الخاص بك هو 573920. لا تشارك هذا الرمز مع أي شخص.",
    ])
    func oneTimeCodes(text: String) throws {
        #expect(try check(text).verdict == .noWarningSigns)
    }

    @Test("a phone number announced after it (Japanese, Korean) or with a bracketed area code is found")
    func phonesAfterCue() throws {
        #expect(try kinds("至急 03-6895-1123 までお電話ください。").contains(.phoneNotPublished))
        #expect(try kinds("즉시 02-3481-7290으로 연락 바랍니다.").contains(.phoneNotPublished))
        #expect(try kinds("Ligue agora para (11) 4003-7721.").contains(.phoneNotPublished))
        // Pressure to call an unpublished number is suspicious even without a link; a courier's own number is not.
        #expect(try check("Ваша посылка заблокирована. Срочно позвоните +7 495 128-44-90, иначе её вернут.").verdict == .suspicious)
        #expect(try check("Курьер Иван привезёт посылку сегодня, телефон курьера +7 916 555-12-34.").verdict == .noWarningSigns)
    }

    @Test("explanations and summaries come in every language, with the message's quote in each")
    func explanationsInEveryLanguage() throws {
        let result = try check("Correos: abone la tasa de 1,99 € en correos-tasa.top")
        let payment = try #require(result.signals.first { $0.kind == .paymentRequest })
        #expect(Set(payment.explanation.texts.keys) == Set(LabelledMessage.languages))
        for lang in LabelledMessage.languages {
            #expect(payment.explanation.text(tag: lang).contains(payment.text), "\(lang)")
            #expect(!result.summary.text(tag: lang).isEmpty, "\(lang)")
        }
        #expect(payment.explanation.text(tag: "xx") == payment.explanation.en, "an unknown language falls back to English")
    }
}
