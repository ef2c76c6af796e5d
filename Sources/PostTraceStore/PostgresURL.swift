/// PostgreSQL connection URLs as people may see them.
public enum PostgresURL {
    /// `url` without secrets, safe to print, log or use as a metrics label: the password of `user:password@`
    /// and the value of any query parameter whose name contains `password` (`?password=`, `sslpassword=`)
    /// become `***`. Everything else (hosts, ports, database, other parameters) stays, as a person needs it.
    public static func redacted(_ url: String) -> String {
        let queryStart = url.firstIndex(of: "?") ?? url.endIndex
        var head = String(url[..<queryStart])
        if let scheme = head.range(of: "://"), let at = head[scheme.upperBound...].lastIndex(of: "@"),
           let colon = head[scheme.upperBound..<at].firstIndex(of: ":") {
            head = String(head[...colon]) + "***" + String(head[at...])
        }
        guard queryStart < url.endIndex else { return head }
        let query = url[url.index(after: queryStart)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.prefix { $0 != "=" }
            return name.lowercased().contains("password") && name.count < pair.count ? name + "=***" : String(pair)
        }
        return head + "?" + query.joined(separator: "&")
    }
}
