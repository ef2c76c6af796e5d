import S10

/// The sentences of the WeChat conversation, one exhaustive switch per language, so that a new
/// phrase cannot ship in one language only.
enum WeChatPhrase: CaseIterable {
    case help, invalidNumber, didYouMean, tooMany, busy

    func text(_ language: Language) -> String {
        switch language {
        case .zhHans: chinese
        case .en: english
        }
    }

    private var chinese: String {
        switch self {
        case .help:
            return "请发送邮件号码查询，例如 EE123456785CN（2 个字母、9 个数字、2 个字母）。一条消息可包含多个号码。"
        case .invalidNumber: return "号码有误"
        case .didYouMean: return "您是不是要查"
        case .tooMany: return "一次最多查询 {max} 个号码，其余的请另发一条消息。"
        case .busy: return "系统繁忙，请稍后再试。"
        }
    }

    private var english: String {
        switch self {
        case .help:
            return "Send a tracking number to see where your item is, e.g. EE123456785CN (2 letters, 9 digits, 2 letters). "
                + "One message may contain several numbers."
        case .invalidNumber: return "Not a valid number"
        case .didYouMean: return "Did you mean"
        case .tooMany: return "Up to {max} numbers per message; send the others in another message."
        case .busy: return "The service is busy; please try again in a moment."
        }
    }
}
