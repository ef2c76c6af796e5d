import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10
import TestSupport

/// Collects the Atom elements a feed reader relies on.
private final class AtomReader: NSObject, XMLParserDelegate {
    var stack: [String] = []
    var feedChildren: [String] = []
    var entries: [[String: String]] = []
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if stack == ["feed"] { feedChildren.append(name) }
        if name == "entry" { entries.append([:]) }
        stack.append(name); text = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if stack.last == "entry" { entries[entries.count - 1][name] = text }
    }
}

@Suite("Page Atom feed", .scratch)
struct PageFeedTests {
    @Test("well-formed Atom: id, title, updated, author, self and alternate links, one entry per scan")
    func feed() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let feed = try await PageFixtures.call(routes, "page.feed", path: "/t/EE123456785CN/feed.atom",
                                               parameters: ["number": "EE123456785CN"], headers: ["host": "127.0.0.1:8080"])
        #expect(feed.status == 200)
        #expect(feed.response.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("application/atom+xml") })
        let reader = AtomReader()
        let parser = XMLParser(data: Data(feed.body.utf8))
        parser.delegate = reader
        #expect(parser.parse())
        for required in ["id", "title", "updated", "author", "link"] { #expect(reader.feedChildren.contains(required)) }
        #expect(reader.entries.count == 9)
        for entry in reader.entries {
            #expect(entry["id"]?.hasPrefix("tag:posttrace,2026:item/EE123456785CN/") == true)
            #expect(entry["updated"].flatMap { LocalTime(rfc3339: $0) } != nil)
            #expect(entry["title"]?.isEmpty == false)
        }
        #expect(Set(reader.entries.compactMap { $0["id"] }).count == 9)
        #expect(reader.entries.first?["title"]?.hasPrefix("Delivered") == true)
        #expect(feed.body.contains("href=\"http://127.0.0.1:8080/t/EE123456785CN?lang=en\""))
    }

    @Test("hostile office names stay text in the feed; unknown and invalid numbers")
    func hostileAndEmpty() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let evil = try await PageFixtures.call(routes, "page.feed", path: "/t/EA123456785CN/feed.atom",
                                               parameters: ["number": "EA123456785CN"], headers: ["host": "a\"><x>"])
        let reader = AtomReader()
        let parser = XMLParser(data: Data(evil.body.utf8))
        parser.delegate = reader
        #expect(parser.parse())
        #expect(reader.entries.first?["title"]?.contains("<script>alert('office')</script>") == true)
        #expect(!evil.body.contains("a\""))
        #expect(evil.body.contains("href=\"/t/EA123456785CN?lang=en\""))
        let empty = try await PageFixtures.call(routes, "page.feed", path: "/t/LX123456785CN/feed.atom",
                                                query: [("lang", "zh-Hans")], parameters: ["number": "LX123456785CN"])
        #expect(empty.status == 200)
        #expect(empty.body.contains("<updated>2026-03-10T00:00:00Z</updated>"))
        #expect(empty.body.contains("xml:lang=\"zh-Hans\""))
        let bad = try await PageFixtures.call(routes, "page.feed", path: "/t/x/feed.atom", parameters: ["number": "<x>"])
        #expect(bad.status == 404)
    }
}
