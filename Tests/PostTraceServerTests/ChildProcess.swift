import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process through `posix_spawn`, for the server tests.
///
/// Why not Foundation's `Process`: on Linux its `run()` lists `/proc/self/fd` to close inherited descriptors and
/// copies each directory entry's whole 256-byte name field, reading past glibc's buffer; with the many sockets and
/// files this test process holds, that read crossed into an unmapped page and crashed the run (SIGSEGV in
/// `__memmove_avx_unaligned_erms` under `Process.run()`, swift-corelibs-foundation PR #5472, not in this
/// toolchain). Here the child gets its three pipes and `closefrom(3)`, so it inherits nothing else.
// glibc (2.29, 2.34) declares these only for _GNU_SOURCE, which Swift's Glibc module does not define; their C
// signatures are plain (pointers and ints), so they are declared here by symbol name.
@_silgen_name("pipe2") private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func posix_spawn_file_actions_addclosefrom_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func posix_spawn_file_actions_addchdir_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

enum ChildProcess {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A child that exits without reading all its input must not take the test process with it (SIGPIPE).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The exit status (or 128 + signal), standard output and standard error of `path arguments…`, given
    /// `input` on standard input, in `directory` when given; kills it after `timeout` seconds.
    static func run(_ path: String, _ arguments: [String], input: [UInt8] = [], directory: String? = nil,
                    timeout: Double = 120) throws -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        _ = ignoreBrokenPipes
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var ends: [Int32] = [0, 0]
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw Failure(description: "pipe2: errno \(errno)") }
            pipes.append(ends)
        }
        defer { for ends in pipes { for fd in ends where fd >= 0 { close(fd) } } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
        _ = posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if let directory { _ = posix_spawn_file_actions_addchdir_np(&actions, directory) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(path): error \(spawned)") }
        // The parent keeps its ends only: the child's ends closed here, so end of file comes when the child exits.
        close(pipes[0][0]); close(pipes[1][1]); close(pipes[2][1])
        pipes[0][0] = -1; pipes[1][1] = -1; pipes[2][1] = -1
        let stdinFD = pipes[0][1]
        pipes[0][1] = -1
        // Standard input from a thread of its own, so a child writing a lot before reading cannot deadlock us.
        let writer = Thread {
            var offset = 0
            while offset < input.count {
                let n = input[offset...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(stdinFD)
        }
        writer.start()
        let deadline = Date().addingTimeInterval(timeout)
        var outputs: [[UInt8]] = [[], []]
        var open = [pipes[1][0], pipes[2][0]]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open.contains(where: { $0 >= 0 }) {
            if Date() > deadline { kill(pid, SIGKILL); break }
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 200) >= 0 || errno == EINTR else { break }
            for (index, entry) in polls.enumerated() where entry.fd >= 0 && entry.revents != 0 {
                let n = read(entry.fd, &buffer, buffer.count)
                if n > 0 { outputs[index] += buffer[0..<n] } else { open[index] = -1 }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7F
        return (signal == 0 ? (status >> 8) & 0xFF : 128 + signal, outputs[0], outputs[1])
    }
}
