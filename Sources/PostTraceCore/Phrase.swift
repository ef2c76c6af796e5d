/// Every sentence or word PostTrace shows a person, by name. The wording lives in one catalogue file per
/// language, `Resources/Catalogue/<language tag>.json`, keyed by these case names; `CatalogueTests` checks
/// that every file has every phrase with the same `{placeholders}` and nothing else, and that the code
/// uses every phrase. The raw value is the phrase's slot in the loaded tables.
public enum Phrase: Int, Sendable, CaseIterable {
    case languageName
    case listSeparator, listOr
    case sentenceSeparator
    case withNote
    case dateTime, dateDayMonth, dateDayMonthYear
    case s10Empty, s10Length, s10Characters, s10ServiceIndicator, s10ServiceIndicatorReserved, s10Serial
    case s10CheckDigit, s10CheckDigitNotDigit, s10CountryMissing, s10CountryIncomplete, s10CountryUnknown
    case s10LookAlike
    case serviceEms, serviceParcelPost, serviceRegisteredLetter, serviceInsuredLetter, serviceExpressLetter
    case serviceLetterWithCustomsDeclaration, serviceEcommerceParcel, serviceMBag, serviceReplyCoupon
    case serviceDomesticOrBilateral, serviceUnassigned, serviceReserved
    case apiNoScanYet, apiNearbyKnown
    case wechatHelp, wechatInvalidNumber, wechatDidYouMean, wechatTooMany, wechatBusy
    case cliValid, cliInvalid, cliDidYouMean, cliDidYouMeanHeading, cliHasEvents, cliWarningSigns, cliNotes
    case unknownEvent, unknownReason
    case headlineNotFound, headlineInfoReceived, headlineTransitOrigin, headlineTransitAbroad, headlineTransitTo
    case headlineTransitDestination, headlineCustomsPresented, headlineCustomsHeld, headlineCustomsReleased
    case headlineOutForDelivery, headlinePickup, headlineFailed, headlineFailedNoReason, headlineDelivered
    case headlineReturning, headlineReturnedDelivered, headlineExportCancelled, headlineImportTerminated
    case headlineInvalid
    case adviceScam, adviceNoRecordTiming, adviceNoRecordCheck, adviceNoRecordNotify, adviceCustomsMeaning
    case adviceCustomsDocuments, adviceCustomsDuties, adviceCustomsHeld, adviceExportCustoms, adviceFailedCollect
    case adviceFailedRedeliver, adviceFailedAddress, adviceFailedRefused, advicePickup, adviceOutForDelivery
    case adviceReturned, adviceException, adviceStale, adviceStaleContact, adviceInvalidSuggestion
    case adviceInvalidCheck
    case labelSeparator, labelNoReason, labelStatus, labelLastUpdate, labelStale, labelRoute, labelProgress
    case labelEvents, labelAdvice, labelContacts, labelNoEvents, labelLastScan, labelUnknownCountry, labelNextOffice
    case labelTransport
    case month1
    case month2
    case month3
    case month4
    case month5
    case month6
    case month7
    case month8
    case month9
    case month10
    case month11
    case month12
    case statusNotFound, statusInfoReceived, statusInTransit, statusInCustoms, statusOutForDelivery
    case statusAvailableForPickup, statusDeliveryFailed, statusDelivered, statusReturned, statusException
    case stagePosted, stageExport, stageInTransit, stageImportCustoms, stageOutForDelivery, stageDelivered
    case customsExportPresented, customsExportHeld, customsExportReleased, customsImportPresented, customsImportHeld
    case customsImportReleased
    case eventEMA, eventEMB, eventEXA, eventEXB, eventEXC, eventEXD, eventEXX, eventEMC, eventEMJ, eventEMK
    case eventEMD, eventEDA, eventEDB, eventEME, eventEDC, eventEMF, eventEDD, eventEDE, eventEMG, eventEDF
    case eventEDG, eventEDH, eventEMH, eventEMI, eventEDX
    case reasonAddresseeAbsent, reasonRefused, reasonWrongAddress, reasonAddresseeMoved, reasonBusinessClosed
    case reasonNoAccess, reasonNotCollected, reasonDocumentsRequired, reasonDutiesUnpaid, reasonProhibitedItem
    case reasonLicenceRequired, reasonDamaged
    case pageSiteName, pageTagline, pageSkipToContent, pageFormHeading, pageFormLabel, pageFormHint, pageFormButton
    case pageFormExample, pageExampleLabel, pageExampleDelivered, pageExampleInCustoms, pageExampleNoRecord
    case pageWhereHeading, pageWhereNumber, pageWhereWait, pageLanguageLabel, pageSecurityHeading, pageSecurityNote
    case pageSecurityLink, pageResultsTitle, pageResultsHeading, pageTrackAnother, pageTooMany, pageNoNumbers
    case pageServiceLabel, pageRouteLabel, pageUnknownDestination, pageLastUpdate, pageStaleNote, pageStagesHeading
    case pageStageCurrent, pageStageDone, pageStageTodo, pageHistoryHeading, pageHistoryEmpty, pageLocalTimeNote
    case pageAdviceHeading, pageContactsHeading, pageNotFoundHeadline, pageNotFoundAdvice, pageNotFoundFollow
    case pageNearbyKnown, pageFollowHeading, pageFollowFeed, pageInvalidHeadline, pageInvalidDidYouMean
    case pageSuggestionKnown, pageInvalidNoSuggestion, pageFeedTitle, pageFeedSubtitle, pageCheckHeading
    case pageCheckIntro, pageCheckLabel, pageCheckButton, pageCheckPrivacy, pageCheckMarkedHeading
    case pageCheckLikelyScam, pageCheckSuspicious, pageCheckNoWarningSigns, pageCheckEmpty, pageCheckTooLarge
    case pageNumberCount, pageInvalidBadge, pageReasonLabel
    case contactsTitle, contactsNav, contactsIntro, contactsCaution, contactsSearchLabel, contactsSearchButton
    case contactsShowAll, contactsForCountry, contactsNoEntry, contactsUnknownCountry, contactsUPULink
    case contactsWebsite, contactsDomains, contactsPhones, contactsApps, contactsWeChat, contactsServes
    case contactsSources, contactsRecorded, contactsChecked, contactsNotRechecked, contactsNone, contactsLink
    case contactsSource, contactsPhoneLine, contactsOpen, contactsClose
    case callInCountry, callInCountryLandline, callInCountryMobile, callAbroad, callAnywhere
    case mainlandChina
    case regionAsia, regionEurope, regionAmericas, regionOceania, regionAfrica, regionMiddleEast, regionOther
    case channelHeading, channelIntro, channelLabel, channelButton, channelEmpty, channelInvalidURL
    case channelInvalidPhone, channelTooLong, channelUnsupportedScheme, channelVerdictOfficial
    case channelVerdictLookalike, channelVerdictShortener, channelVerdictUnknown, channelContactsLink, channelAPost
    case channelUseInstead, channelOfficialDomain, channelOfficialPhone, channelHomoglyph, channelPunycode
    case channelLookalikeBrand, channelShortener, channelIPAddress, channelKnownService, channelNotInDirectory
    case channelInternationalName, channelUnpublishedPhone, channelDisguisedByUserInfo
    case transitStagePosted, transitStageExport, transitStageInTransit, transitStageImportCustoms
    case transitStageHeldByCustoms, transitStageDeliveryOffice, transitStageOutForDelivery
    case estimateBetween, estimateOn, estimateBasis
    case laneTitle, laneIntro, laneServices, laneAllServices, laneItems, laneDelivered, laneTransit, laneFigures
    case laneMedian, laneP80, laneP95, laneStagesHeading, laneStageColumn, laneHeld, laneHoldTime, laneDays
    case laneUnknown, laneTrendHeading, laneWeekColumn, laneItemsColumn, laneDeliveredColumn, laneNoHistory
    case laneInvalid, laneChartLabel
    case keyHeading, keyIntro, keyLabel, keyButton, keyInvalid, keyKept, keyForget
    case appMyTitle, appMyIntro, appMyEmpty, appNeedsJavaScript, appFollowButton, appFollowNameLabel, appFollowNameHint
    case appFollowing, appUnfollowButton, appRefreshButton, appLastScan, appExpected, appOffline, appRefreshFailed
    case appManifestDescription, appNoRecordYet, appNotifyButton, appNotifyOn, appNotifyOffButton, appNotifyBlocked
    case appNotifyUnsupported
    case appShareTitle, appShareIntro, appShareWarning, appShareButton, appShareLinkLabel, appShareQRAlt, appShareMade
    case appShareNames, appShareRevokeButton, appShareRevoked, appShareFailed, appShareNothing, appShareCapped
    case shareTitle, shareIntro, shareWarning, shareAddButton, shareAdded, shareGoneTitle, shareGoneText

    /// The name used in the catalogue files: the case name.
    public var name: String { String(describing: self) }
}
