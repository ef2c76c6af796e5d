import CCrypto
import CCurl
import CMicroHTTPD
import PostTraceCore
import PostTraceStore

/// Versions of every C library PostTrace runs on, as loaded at run time: the store's and the server's.
public enum PostTraceLibraries {
    /// Name and version of each, e.g. `("libmicrohttpd", "0.9.75")`.
    public static var versions: [(name: String, version: String)] {
        StoreLibraries.versions + [
            ("libmicrohttpd", String(cString: MHD_get_version())),
            ("OpenSSL", String(cString: OpenSSL_version(OPENSSL_VERSION_STRING))),
            // "libcurl/7.88.1 OpenSSL/3.0.17 zlib/1.2.13 …": the first word's version.
            ("libcurl", String(cString: curl_version()).split(separator: " ").first?.split(separator: "/").last.map(String.init) ?? "unknown"),
        ]
    }

    /// The `posttrace_build_info` gauge: always 1, its labels name the versions.
    static var buildInfoMetric: String {
        let labels = ([("version", PostTraceVersion.current)] + versions.map { ($0.name.lowercased(), $0.version) })
            .map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
        return "# HELP posttrace_build_info PostTrace's version and the C libraries it runs on.\n"
            + "# TYPE posttrace_build_info gauge\nposttrace_build_info{\(labels)} 1\n"
    }
}
