import S10

/// Writes one item's journey: a scripted sequence of scans, each with the status the simulator means
/// it to produce, then cut at `now` (or earlier for a stuck item) and reported like real feeds do.
struct JourneyScript {
    typealias Place = (office: Office, offset: Int32)
    struct Step { var event: TrackingEvent; var intended: ItemStatus }

    let now: Int64
    /// Scans after this instant are not reported yet (normally `now`).
    var visibleUntil: Int64
    var rng: SplitMix64
    let number: S10Number
    let origin: SimulatedCountry
    let destination: SimulatedCountry
    let feed: String
    var time: Int64
    let handedOverAt: Int64
    let profile: LaneProfile
    /// The lane's pace times the service's.
    let pace: Double
    var steps: [Step] = []

    static let indicators = ["EE", "EA", "RR", "RB", "CP", "CX", "LX", "LP"]

    init(simulator: Simulator, index: Int) {
        now = simulator.now
        visibleUntil = simulator.now
        rng = SplitMix64(seed: simulator.seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        _ = rng.next()
        var pick = rng.below(Simulator.originTotal), originCode = "CN"
        for entry in Simulator.originWeights {
            if pick < entry.weight { originCode = entry.code; break }
            pick -= entry.weight
        }
        let countries = Simulator.countries
        origin = countries[Simulator.indexByCode[originCode]!]
        var dest = countries[rng.below(countries.count)]
        if dest.code == origin.code { dest = countries[(Simulator.indexByCode[dest.code]! + 1) % countries.count] }
        destination = dest
        // An odd multiplier not divisible by 5 permutes 0..<10^8: numbers are unique for the first 10^8 items.
        let serial = UInt32((UInt64(truncatingIfNeeded: index) &* 7_654_321 &+ simulator.seed % 100_000_000) % 100_000_000)
        number = S10Number(serviceIndicator: rng.pick(Self.indicators), serial: serial, countryCode: origin.code)!
        feed = origin.code.lowercased() + "-post-edi"
        profile = LaneProfile(origin: origin.code, destination: dest.code)
        pace = profile.pace * LaneProfile.servicePace(number.serviceIndicator)
        // Handed over between 0 and 40 days ago, on a whole minute (duplicates add seconds within that minute).
        time = (now - Int64(rng.below(40 * 24 * 60)) * 60) / 60 * 60
        handedOverAt = time
    }

    /// A scan `hours` after the previous one (times `scale`, the pace of moving steps).
    mutating func scan(_ code: EventCode, _ place: Place, after hours: ClosedRange<Double>, _ intended: ItemStatus,
                       reason: ReasonCode? = nil, next: String? = nil, transport: String? = nil, scale: Double = 1) {
        time += rng.minutes(hours: hours.lowerBound * scale...hours.upperBound * scale)
        let local = LocalTime(epochSeconds: time, utcOffsetSeconds: place.offset)!
        let event = TrackingEvent(number: number, code: code, time: local, office: place.office, reason: reason,
                                  nextOffice: next, transport: transport, source: feed, receivedAt: time + Int64(5 + rng.below(120)) * 60)
        steps.append(Step(event: event, intended: intended))
    }

    /// Moves the clock to the next local morning (08:00–10:00 at `place`) for delivery rounds.
    mutating func nextMorning(_ place: Place) {
        let local = time + Int64(place.offset)
        let dayStart = (local / 86_400 + 1) * 86_400
        time = dayStart - Int64(place.offset) + Int64(8 * 60 + rng.below(120)) * 60 - 60
    }

    mutating func run() -> SimulatedItem {
        let plan = rng.below(1000)
        // Offices are listed city by city, so one index keeps exchange office and delivery office in the same region.
        let from = rng.below(6), to = rng.below(6)
        let outward = origin.exchanges[from % origin.exchanges.count], posting = origin.delivery[from % origin.delivery.count]
        let inward = destination.exchanges[to % destination.exchanges.count], home = destination.delivery[to % destination.delivery.count]
        scan(.posting, posting, after: 24...48, .infoReceived)
        scan(.arrivalAtOutwardOffice, outward, after: 6...30, .inTransit)
        if plan < 5 { return exportCancelled(outward) }
        if rng.chance(400) {
            scan(.presentedToExportCustoms, outward, after: 1...6, .inCustoms)
            scan(.returnedFromExportCustoms, outward, after: 2...12, .inCustoms)
        }
        fly(outward, inward)
        if rng.chance(profile.backlogPerMille) { wait(median: profile.backlogMedianHours, sigma: 0.9, bounds: 12...900) }
        scan(.presentedToImportCustoms, inward, after: 1...12, .inCustoms)
        if plan >= 20, plan < 70 {
            if customsHold(inward) { return finish() }
        } else {
            scan(.returnedFromImportCustoms, inward, after: 4...48, .inCustoms)
        }
        scan(.departureFromInwardOffice, inward, after: 2...24, .inTransit, next: destination.sorting.office.code, scale: pace)
        scan(.intoSortingCentre, destination.sorting, after: 8...36, .inTransit, scale: pace)
        scan(.outOfSortingCentre, destination.sorting, after: 2...10, .inTransit, next: home.office.code)
        scan(.arrivalAtDeliveryOffice, home, after: 4...20, .inTransit, scale: pace)
        if plan >= 5, plan < 15 { returnToSender(home, inward, outward, posting); return finish() }
        deliver(home, failing: plan >= 70 && plan < 150)
        return finish()
    }

    mutating func fly(_ outward: Place, _ inward: Place) {
        let flight = origin.airline + String(100 + rng.below(900))
        let hubs = Simulator.transitHubs.filter { $0 != origin.code && $0 != destination.code }
        if rng.chance(250), let hubCode = hubs.first {
            let hub = Simulator.countries[Simulator.indexByCode[hubCode]!].exchanges[0]
            scan(.departureFromOutwardOffice, outward, after: 4...36, .inTransit, next: hub.office.code, transport: flight, scale: pace)
            scan(.arrivalAtTransitOffice, hub, after: 8...16, .inTransit)
            scan(.departureFromTransitOffice, hub, after: 6...30, .inTransit, next: inward.office.code, scale: pace)
            scan(.arrivalAtInwardOffice, inward, after: 6...14, .inTransit)
        } else {
            scan(.departureFromOutwardOffice, outward, after: 4...36, .inTransit, next: inward.office.code, transport: flight, scale: pace)
            scan(.arrivalAtInwardOffice, inward, after: 10...30, .inTransit)
        }
    }

    /// A customs hold (~5 %): held with a reason, then released after days or weeks; a prohibited item is stopped.
    /// Returns true when the journey ends here.
    mutating func customsHold(_ inward: Place) -> Bool {
        let roll = rng.below(100)
        let reason: ReasonCode = roll < 50 ? .documentsRequired : roll < 85 ? .dutiesUnpaid : roll < 94 ? .licenceRequired : .prohibitedItem
        scan(.heldByImportCustoms, inward, after: 2...24, .inCustoms, reason: reason)
        if reason == .prohibitedItem {
            scan(.importTerminated, inward, after: 72...240, .exception, reason: reason)
            return true
        }
        // Holds last days to weeks, a few much longer: log-normal around the lane's usual hold.
        wait(median: profile.holdMedianHours, sigma: 0.7, bounds: 24...1200)
        scan(.returnedFromImportCustoms, inward, after: 0...2, .inCustoms)
        return false
    }

    mutating func exportCancelled(_ outward: Place) -> SimulatedItem {
        scan(.presentedToExportCustoms, outward, after: 1...6, .inCustoms)
        scan(.heldByExportCustoms, outward, after: 1...12, .inCustoms, reason: .prohibitedItem)
        scan(.exportCancelled, outward, after: 24...96, .exception, reason: .prohibitedItem)
        return finish()
    }

    /// Delivery rounds; with `failing` (~8 %) one attempt fails first, then a pick-up or a second round.
    mutating func deliver(_ home: Place, failing: Bool) {
        nextMorning(home)
        scan(.outForDelivery, home, after: 0...0.5, .outForDelivery)
        if failing {
            let roll = rng.below(100)
            let reason: ReasonCode = roll < 60 ? .addresseeAbsent : roll < 75 ? .businessClosed : roll < 88 ? .noAccess : .wrongAddress
            scan(.unsuccessfulDelivery, home, after: 1...6, .deliveryFailed, reason: reason)
            if rng.chance(600) {
                scan(.heldAtDeliveryDepot, home, after: 1...4, .availableForPickup)
                scan(.finalDelivery, home, after: 24...144, .delivered)
                return
            }
            nextMorning(home)
            scan(.outForDelivery, home, after: 0...0.5, .outForDelivery)
        }
        scan(.finalDelivery, home, after: 1...7, .delivered)
    }

    /// Return to sender (~1 %): refused or not collected, then back across the border to the origin.
    mutating func returnToSender(_ home: Place, _ inward: Place, _ outward: Place, _ posting: Place) {
        nextMorning(home)
        scan(.outForDelivery, home, after: 0...0.5, .outForDelivery)
        let refused = rng.chance(500)
        scan(.unsuccessfulDelivery, home, after: 1...6, .deliveryFailed, reason: refused ? .refused : .addresseeAbsent)
        if !refused {
            scan(.heldAtDeliveryDepot, home, after: 1...4, .availableForPickup)
            scan(.heldAtDeliveryDepot, home, after: 240...360, .availableForPickup, reason: .notCollected)
        }
        scan(.arrivalAtOutwardOffice, inward, after: 24...96, .returned)
        scan(.departureFromOutwardOffice, inward, after: 6...48, .returned, next: outward.office.code,
             transport: destination.airline + String(100 + rng.below(900)))
        scan(.arrivalAtInwardOffice, outward, after: 10...30, .returned)
        scan(.arrivalAtDeliveryOffice, posting, after: 24...72, .returned)
        scan(.finalDelivery, posting, after: 24...72, .returned)
    }
}
