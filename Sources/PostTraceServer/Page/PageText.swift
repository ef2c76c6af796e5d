import Foundation
import PostTraceCore
import S10

/// Every piece of text the web page shows, by key; the wording lives in `PageCatalogue`.
enum PageText: String, Sendable, CaseIterable {
    case siteName, tagline, skipToContent
    case formHeading, formLabel, formHint, formButton, formExample, exampleLabel
    case exampleDelivered, exampleInCustoms, exampleNoRecord
    case whereHeading, whereNumber, whereWait
    case languageLabel
    case securityHeading, securityNote, securityLink
    case resultsTitle, resultsHeading, trackAnother, tooMany, noNumbers
    case serviceLabel, routeLabel, unknownDestination, lastUpdate, staleNote
    case stagesHeading, stageCurrent, stageDone, stageTodo
    case historyHeading, historyEmpty, localTimeNote
    case adviceHeading, contactsHeading
    case notFoundHeadline, notFoundAdvice, notFoundFollow, nearbyKnown
    case followHeading, followFeed
    case invalidHeadline, invalidDidYouMean, invalidNoSuggestion, suggestionKnown
    case feedTitle, feedSubtitle, feedEmpty
    case notFoundPage, notFoundPageBody
    case checkHeading, checkIntro, checkLabel, checkButton, checkPrivacy, checkMarkedHeading
    case checkLikelyScam, checkSuspicious, checkNoWarningSigns, checkEmpty, checkTooLarge
    case numberCount, invalidBadge, reasonLabel
    case contactsTitle, contactsNav, contactsIntro, contactsCaution, contactsSearchLabel, contactsSearchButton, contactsShowAll, contactsForCountry
    case contactsNoEntry, contactsUnknownCountry, contactsUPULink, contactsWebsite, contactsDomains, contactsPhones, contactsApps, contactsWeChat
    case contactsServes, contactsSources, contactsSource, contactsRecorded, contactsChecked, contactsNotRechecked, contactsNone, callInCountry
    case callInCountryLandline, callInCountryMobile, callAbroad, callAnywhere, mainlandChina, regionAsia, regionEurope, regionAmericas
    case regionOceania, regionAfrica, regionMiddleEast, regionOther, contactsLink, channelHeading, channelIntro, channelLabel
    case channelButton, channelEmpty, channelInvalidURL, channelInvalidPhone, channelTooLong, channelUnsupportedScheme, channelVerdictOfficial, channelVerdictLookalike
    case channelVerdictShortener, channelVerdictUnknown, channelContactsLink, channelAPost, channelUseInstead, channelOfficialDomain, channelOfficialPhone, channelHomoglyph
    case channelPunycode, channelLookalikeBrand, channelShortener, channelIPAddress, channelKnownService, channelNotInDirectory, channelInternationalName, channelUnpublishedPhone
    case contactsPhoneLine, contactsOpen, contactsClose, channelDisguisedByUserInfo
    case laneTitle, laneIntro, laneServices, laneAllServices, laneItems, laneDelivered, laneTransit, laneFigures
    case laneMedian, laneP80, laneP95, laneStagesHeading, laneStageColumn, laneHeld, laneHoldTime, laneDays, laneUnknown
    case laneTrendHeading, laneWeekColumn, laneItemsColumn, laneDeliveredColumn, laneNoHistory, laneInvalid, laneChartLabel
}

/// The page's text in each language: one table per language, the same keys in both.
enum PageCatalogue {
    /// The text of `key` in `language`; `{name}` placeholders are filled from `values`.
    static func text(_ key: PageText, _ language: Language, _ values: [String: String] = [:]) -> String {
        var s = table(for: language)[key] ?? english[key] ?? key.rawValue
        for (name, value) in values { s = s.replacingPlaceholder("{\(name)}", with: value) }
        return s
    }

    /// The table of one language (the test checks both tables are complete).
    static func table(for language: Language) -> [PageText: String] {
        language == .en ? english : chinese
    }

    /// The name of a journey stage (Core's catalogue).
    static func stage(_ stage: Stage, _ language: Language) -> String { stage.title(in: language) }

    /// A short name of a status, for the badge next to the headline (Core's catalogue).
    static func status(_ status: ItemStatus, _ language: Language) -> String { status.title(in: language) }

    /// A readable description of a UPU event code (Core's catalogue); unknown codes keep their code.
    static func event(_ code: EventCode, _ language: Language) -> String { code.title(in: language) }

    /// The name of a country in the page's language, or the code when unassigned.
    static func country(_ code: String?, _ language: Language) -> String? {
        guard let code, let c = Country(code: code) else { return code }
        return language == .en ? c.englishName : c.chineseName
    }
}

extension String {
    func replacingPlaceholder(_ target: String, with value: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: value)
    }
}
