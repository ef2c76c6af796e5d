import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("WeChat endpoint", .scratch)
struct WeChatEndpointTests {
    static let token = "wx-test-token"
    let store = InMemoryStore()
    let now: Int64 = 1_764_000_000
    let parcel = S10Number("EE123456785CN")!
    let letter = S10Number("RR123456785DE")!

    func endpoint() async throws -> WeChatEndpoint {
        let at = { (minutesAgo: Int64) in LocalTime(epochSeconds: 1_764_000_000 - minutesAgo * 60, utcOffsetSeconds: 28_800)! }
        _ = try await store.insert([
            TrackingEvent(number: parcel, code: .posting, time: at(3000), office: Office(code: "CNPEKA", name: "Beijing")),
            TrackingEvent(number: parcel, code: .arrivalAtOutwardOffice, time: at(2000), office: Office(code: "CNPEKB", name: "Beijing EMS")),
        ])
        return WeChatEndpoint(token: Self.token, store: store, clock: { 1_764_000_000 })
    }

    static func signed(_ method: String, body: String = "", echostr: String? = nil, token: String = token) -> HTTPRequest {
        let timestamp = "1764000000", nonce = "n0nce"
        var query = [("signature", WeChatSignature.expected(token: token, timestamp: timestamp, nonce: nonce)),
                     ("timestamp", timestamp), ("nonce", nonce)].map { (name: $0.0, value: $0.1) }
        if let echostr { query.append((name: "echostr", value: echostr)) }
        return HTTPRequest(method: method, path: "/wechat", query: query, body: Array(body.utf8))
    }

    static func textMessage(_ content: String) -> String {
        "<xml><ToUserName><![CDATA[gh_post]]></ToUserName><FromUserName><![CDATA[oFollower]]></FromUserName>"
            + "<CreateTime>1764000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\(content)]]></Content>"
            + "<MsgId>1</MsgId></xml>"
    }

    func reply(_ content: String) async throws -> String {
        let response = try await endpoint().receive(Self.signed("POST", body: Self.textMessage(content)))
        #expect(response.status == 200)
        let fields = try WeChatXML.parse(response.body)
        #expect(fields["ToUserName"] == "oFollower")
        #expect(fields["FromUserName"] == "gh_post")
        #expect(fields["MsgType"] == "text")
        return try #require(fields["Content"])
    }

    @Test("the verification handshake echoes echostr only with the right signature")
    func handshake() async throws {
        let e = try await endpoint()
        let ok = e.verify(Self.signed("GET", echostr: "7355608"))
        #expect(ok.status == 200)
        #expect(String(decoding: ok.body, as: UTF8.self) == "7355608")
        #expect(e.verify(Self.signed("GET", echostr: "1", token: "other")).status == 403)
        #expect(e.verify(HTTPRequest(method: "GET", path: "/wechat", query: [(name: "echostr", value: "1")])).status == 403)
    }

    @Test("a Chinese message with a number gets the status and last scan in Chinese")
    func chineseValid() async throws {
        let text = try await reply("请帮我查一下 EE123456785CN 谢谢")
        let timeline = Timeline(number: parcel, events: try await store.events(for: parcel), language: .zhHans, now: now)
        #expect(text.contains("EE123456785CN"))
        #expect(text.contains(timeline.status.title(in: .zhHans)))
        #expect(text.contains(TimelineText.officeTime(timeline.events.last!.time)))
        #expect(text == TimelineText.summary(timeline).trimmingCharacters(in: .newlines))
    }

    @Test("an English message gets an English reply")
    func englishValid() async throws {
        let text = try await reply("where is my parcel EE123456785CN?")
        let timeline = Timeline(number: parcel, events: try await store.events(for: parcel), language: .en, now: now)
        #expect(text == TimelineText.summary(timeline).trimmingCharacters(in: .newlines))
    }

    @Test("several numbers are answered in message order; a number without records says so")
    func several() async throws {
        let text = try await reply("EE123456785CN 和 RR123456785DE")
        let blocks = text.components(separatedBy: "\n\n")
        #expect(blocks.count == 2)
        #expect(blocks[0].hasPrefix("EE123456785CN"))
        #expect(blocks[1].hasPrefix("RR123456785DE"))
        let empty = Timeline(number: letter, events: [], language: .zhHans, now: now)
        #expect(blocks[1].contains(empty.status.title(in: .zhHans)))
        #expect(!blocks[1].contains("您是不是要查"))
    }

    @Test("a valid number without records names the near number that has them (CM typed for CN)")
    func nearby() async throws {
        let zh = try await reply("查询 EE123456785CM")
        #expect(zh.hasPrefix("EE123456785CM"))
        #expect(zh.hasSuffix("您是不是要查：EE123456785CN？"))
        let en = try await reply("where is EE123456785CM")
        #expect(en.hasSuffix("Did you mean: EE123456785CN?"))
    }

    @Test("an invalid number gets the problem and suggestions, in the message's language")
    func invalid() async throws {
        let zh = try await reply("查询 EE123456784CN")
        let validation = S10.validate("EE123456784CN")
        #expect(zh.contains("号码有误"))
        #expect(zh.contains(try #require(validation.errors.first).message(in: .zhHans)))
        #expect(zh.contains("您是不是要查：EE123456785CN"), "the corrected number is suggested")
        // Two digits swapped: without a store the check-digit repair ranks first; the stored number goes before it.
        let swapped = S10.validate("EE123456758CN")
        #expect(swapped.suggestions.first?.description != "EE123456785CN" && swapped.suggestions.contains(parcel))
        #expect(try await reply("please track EE123456758CN").contains("Did you mean: EE123456785CN, "))
        let en = try await reply("please track EE123456784CN")
        #expect(en.contains("Not a valid number: EE123456784CN"))
        #expect(en.contains(try #require(validation.errors.first).message(in: .en)))
    }

    @Test("a message without a number, an image or a subscribe event gets the help text")
    func help() async throws {
        #expect(try await reply("你好").contains("EE123456785CN"))
        #expect(try await reply("hello there").hasPrefix("Send a tracking number"))
        let image = "<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><MsgType>image</MsgType></xml>"
        let response = try await endpoint().receive(Self.signed("POST", body: image))
        #expect(try WeChatXML.parse(response.body)["Content"]?.contains("邮件号码") == true)
        let click = "<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>CLICK</Event></xml>"
        #expect(String(decoding: try await endpoint().receive(Self.signed("POST", body: click)).body, as: UTF8.self) == "success")
    }

    @Test("more numbers than fit are cut with a note")
    func tooMany() async throws {
        let numbers = (0..<8).map { S10Number(serviceIndicator: "RR", serial: UInt32(10_000_000 + $0), countryCode: "CN")!.description }
        let text = try await reply(numbers.joined(separator: " "))
        #expect(text.components(separatedBy: "\n\n").count == WeChatConversation.maximumNumbers + 1)
        #expect(text.contains("最多查询 5 个号码"))
    }

    @Test("a wrong signature, malformed XML and a 10 MB body get errors, never a crash")
    func hostile() async throws {
        let e = try await endpoint()
        var unsigned = Self.signed("POST", body: Self.textMessage("EE123456785CN"))
        unsigned.query[0].value = String(repeating: "0", count: 40)
        #expect(await e.receive(unsigned).status == 403)
        for body in ["", "<xml>", "<!DOCTYPE x [<!ENTITY a \"b\">]><xml><A>&a;</A></xml>", "not xml", "<xml><Content>x</Content></xml>"] {
            let response = await e.receive(Self.signed("POST", body: body))
            #expect(response.status == 400, "\(body)")
            #expect(response.headers.contains { $0.name == "Content-Type" && $0.value == "application/problem+json" })
        }
        var huge = Self.signed("POST")
        huge.body = Array(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        #expect(await e.receive(huge).status == 413)
    }
}

/// A store that answers lookups only after a delay: the platform's 5-second limit must hold anyway.
struct SlowLookupStore: TrackingStore {
    let inner = InMemoryStore()
    let delay: Duration
    func insert(_ events: [TrackingEvent], maxScansPerItem: Int) async throws -> InsertResult { try await inner.insert(events, maxScansPerItem: maxScansPerItem) }
    func events(for number: S10Number) async throws -> [TrackingEvent] { await stall(); return try await inner.events(for: number) }
    func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]] {
        await stall()
        return try await inner.events(for: numbers)
    }
    /// Waits without honouring cancellation, like a store call blocked in C.
    func stall() async { let delay = self.delay; await Task.detached { try? await Task.sleep(for: delay) }.value }
    func existing(_ numbers: [S10Number]) async throws -> Set<S10Number> { try await inner.existing(numbers) }
    func counts() async throws -> (items: Int, events: Int) { try await inner.counts() }
    func ping() async throws {}
    func close() async {}
}

@Suite("WeChat reply deadline", .scratch)
struct WeChatDeadlineTests {
    @Test("a store slower than the lookup budget gets a 'busy' reply in time, never a late one")
    func busy() async throws {
        // The store would answer after a minute: a reply at all, and a "busy" one, proves nobody waited for it.
        let endpoint = WeChatEndpoint(token: WeChatEndpointTests.token, store: SlowLookupStore(delay: .seconds(60)),
                                      lookupBudget: .milliseconds(200), clock: { 1_764_000_000 })
        // On handler threads, as in the server: the global pool is shared with every other test running now,
        // some of which hold its threads for seconds, and the deadline is the server's, not theirs.
        let threads = HandlerThreads(count: 1, name: "pt-wechat")
        defer { threads.stop() }
        let (response, took) = await Task(executorPreference: threads) {
            let started = ContinuousClock.now
            let response = await endpoint.receive(WeChatEndpointTests.signed("POST", body: WeChatEndpointTests.textMessage("EE123456785CN")))
            return (response, ContinuousClock.now - started)
        }.value
        #expect(took < .seconds(30))
        #expect(try WeChatXML.parse(response.body)["Content"] == "系统繁忙，请稍后再试。")
    }
}
