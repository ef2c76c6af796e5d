import PostTraceCore
import S10

/// The page's words that come from Core's timeline vocabulary, in the page's language.
enum PageCatalogue {
    /// The name of a country in the page's language, or the code when unassigned.
    static func country(_ code: String?, _ language: Language) -> String? {
        guard let code, let c = Country(code: code) else { return code }
        return c.name(in: language)
    }
}
