import PostTraceStore

extension Metrics {
    /// `/metrics` lines for the store's read replicas (none without replicas): each one's replay lag and
    /// whether reads go there, labelled with its URL without the password.
    static func replicaText(_ replicas: [ReplicaStatus]) -> String {
        guard !replicas.isEmpty else { return "" }
        var out = "# HELP posttrace_replica_lag_seconds Replay lag of each read replica as last measured (NaN when unreachable).\n"
        out += "# TYPE posttrace_replica_lag_seconds gauge\n"
        for replica in replicas {
            out += "posttrace_replica_lag_seconds{replica=\"\(label(replica.url))\"} \(replica.lagSeconds.map { "\($0)" } ?? "NaN")\n"
        }
        out += "# HELP posttrace_replica_usable Whether lookups read from the replica (1) or it is set aside: unreachable or lagging past the bound (0).\n"
        out += "# TYPE posttrace_replica_usable gauge\n"
        for replica in replicas {
            out += "posttrace_replica_usable{replica=\"\(label(replica.url))\"} \(replica.usable ? 1 : 0)\n"
        }
        return out
    }

    /// A label value escaped as the text format asks: backslash, double quote and line feed.
    private static func label(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
