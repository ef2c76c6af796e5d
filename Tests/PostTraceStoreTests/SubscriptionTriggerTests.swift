import PostTraceCore
import S10
import Testing
@testable import PostTraceStore
import TestSupport

@Suite("subscription trigger rules", .scratch)
struct SubscriptionTriggerTests {
    let number = S10Number("EE123456785CN")!
    let now: Int64 = 1_764_000_000

    func scan(_ code: EventCode, _ minutesAgo: Int64, office: String = "CNPEKA") -> TrackingEvent {
        TrackingEvent(number: number, code: code, time: LocalTime(epochSeconds: now - minutesAgo * 60, utcOffsetSeconds: 28_800)!,
                      office: Office(code: office))
    }

    func status(_ events: [TrackingEvent]) -> ItemStatus {
        events.isEmpty ? .notFound : Timeline(number: number, events: events, language: .en, now: now).status
    }

    @Test("the first scan of an item with no record triggers first_record once")
    func firstRecord() {
        let first = [scan(.arrivalAtOutwardOffice, 50), scan(.posting, 100)]
        let due = SubscriptionTriggers.notifications(for: [.firstRecord], number: number, before: [], accepted: first, now: now)
        #expect(due.map(\.kind) == [.firstRecord])
        #expect(due.first?.event?.code == .posting, "the earliest scan of the batch")
        #expect(due.first?.previousStatus == .notFound)
        #expect(due.first?.status == status(first))
        let again = SubscriptionTriggers.notifications(for: [.firstRecord], number: number, before: first,
                                                       accepted: [scan(.departureFromOutwardOffice, 10)], now: now)
        #expect(again.isEmpty)
    }

    @Test("every_event sends one notification per new scan, oldest first, each with the status after it")
    func everyEvent() {
        let before = [scan(.posting, 500)]
        let batch = [scan(.departureFromOutwardOffice, 100), scan(.arrivalAtOutwardOffice, 300), scan(.arrivalAtInwardOffice, 10)]
        let due = SubscriptionTriggers.notifications(for: [.everyEvent], number: number, before: before, accepted: batch, now: now)
        #expect(due.map(\.event?.code) == [.arrivalAtOutwardOffice, .departureFromOutwardOffice, .arrivalAtInwardOffice])
        #expect(due.allSatisfy { $0.kind == .event })
        let sorted = batch.sorted { $0.time < $1.time }
        for (i, note) in due.enumerated() {
            #expect(note.status == status(before + sorted.prefix(i + 1)))
            #expect(note.previousStatus == status(before + sorted.prefix(i)))
        }
    }

    @Test("no accepted scans (all duplicates) trigger nothing")
    func duplicatesOnly() {
        let due = SubscriptionTriggers.notifications(for: Set(NotificationTrigger.allCases), number: number,
                                                     before: [scan(.posting, 5)], accepted: [], now: now)
        #expect(due.isEmpty)
    }

    @Test("status_change fires only when the derived status differs")
    func statusChange() {
        let first = SubscriptionTriggers.notifications(for: [.statusChange], number: number, before: [],
                                                       accepted: [scan(.posting, 60)], now: now)
        #expect(first.map(\.kind) == [.statusChanged])
        #expect(first.first?.previousStatus == .notFound)
        let before = [scan(.posting, 600), scan(.arrivalAtOutwardOffice, 500)]
        let next = [scan(.departureFromOutwardOffice, 400)]
        let due = SubscriptionTriggers.notifications(for: [.statusChange], number: number, before: before, accepted: next, now: now)
        #expect(due.isEmpty == (status(before) == status(before + next)))
    }

    /// Whether Core derives statuses yet (the scaffold's placeholder says in_transit for everything).
    static let coreDerivesStatus: Bool = {
        let n = S10Number("EE123456785CN")!
        let emi = TrackingEvent(number: n, code: .finalDelivery, time: LocalTime(epochSeconds: 0, utcOffsetSeconds: 0)!, office: Office(code: "DEBERA"))
        return Timeline(number: n, events: [emi], language: .en, now: 60).status == .delivered
    }()

    @Test("delivered fires when the final delivery scan makes the item delivered", .enabled(if: coreDerivesStatus))
    func delivered() {
        let before = [scan(.posting, 9000), scan(.arrivalAtInwardOffice, 3000), scan(.outForDelivery, 100)]
        let final = [scan(.finalDelivery, 10, office: "DEBERA")]
        let due = SubscriptionTriggers.notifications(for: [.delivered, .statusChange], number: number, before: before,
                                                     accepted: final, now: now)
        #expect(status(before + final) == .delivered, "Core derives delivered from EMI")
        #expect(due.map(\.kind) == [.statusChanged, .delivered])
        #expect(due.last?.event?.code == .finalDelivery)
        let after = SubscriptionTriggers.notifications(for: [.delivered], number: number, before: before + final,
                                                       accepted: [scan(.finalDelivery, 5, office: "DEBERB")], now: now)
        #expect(after.isEmpty, "delivered is told once")
    }

    @Test("a huge batch for one item stays bounded and keeps every scan")
    func bulkBatch() {
        let batch = (0..<300).map { scan(.intoSortingCentre, Int64(1000 - $0), office: "CNPEK\($0)") }
        let due = SubscriptionTriggers.notifications(for: [.everyEvent], number: number, before: [], accepted: batch, now: now)
        #expect(due.count == 300)
        #expect(Set(due.map(\.status)).count == 1)
    }

    @Test("delivery ids are unique and well-formed")
    func ids() {
        let ids = (0..<1000).map { _ in OutboxDelivery.newID() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("dlv_") && $0.count == 28 })
    }
}
