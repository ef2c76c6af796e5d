import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a host name to its addresses; injectable so that tests can pin what a name resolves to.
public protocol HostResolver: Sendable {
    /// Every address the host resolves to; empty when it does not resolve.
    func addresses(of host: String) async -> [IPAddress]
}

/// Resolves through the system resolver (`getaddrinfo`), off the caller's thread.
public struct SystemHostResolver: HostResolver {
    public init() {}

    public func addresses(of host: String) async -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return await withCheckedContinuation { continuation in
            // getaddrinfo blocks; keep it off the cooperative pool.
            let thread = Thread { continuation.resume(returning: SystemHostResolver.lookup(host)) }
            thread.start()
        }
    }

    static func lookup(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var out: [IPAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            if let sa = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    var addr = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    if let ip = IPAddress(bytes: withUnsafeBytes(of: &addr) { Array($0) }) { out.append(ip) }
                } else if info.pointee.ai_family == AF_INET6 {
                    var addr = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    if let ip = IPAddress(bytes: withUnsafeBytes(of: &addr) { Array($0) }) { out.append(ip) }
                }
            }
            node = info.pointee.ai_next
        }
        var seen = Set<IPAddress>()
        return out.filter { seen.insert($0).inserted }
    }
}
