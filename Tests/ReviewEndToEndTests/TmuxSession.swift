import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A detached tmux session on a private server (its own socket), so the test neither sees nor
/// disturbs anyone else's tmux. `kill()` ends the server; call it in a `defer`.
final class TmuxSession {
    let tmux: String
    let socket: String
    let name = "review"

    /// Starts `command` (a shell command line) in a new `width`×`height` session.
    init(tmux: String, command: String, width: Int, height: Int) throws {
        self.tmux = tmux
        socket = "dcmveil-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try runChecked(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                              "-x", String(width), "-y", String(height), command])
    }

    /// Types keys, as tmux names them (`n`, `Tab`, `Escape`, `Enter`).
    func send(_ keys: String...) throws {
        try runChecked(tmux, ["-L", socket, "send-keys", "-t", name] + keys)
    }

    /// The visible text of the pane.
    func screen() throws -> String {
        try runChecked(tmux, ["-L", socket, "capture-pane", "-p", "-t", name]).out
    }

    /// Polls the pane until `condition` holds on its text; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 60, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? last
            if condition(last) { return last }
            usleep(100_000)
        }
        throw EndToEndError("timed out after \(Int(timeout)) s waiting for \(what); the screen was:\n\(last)")
    }

    /// Polls until the pane shows `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 60) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Ends the session and its private server. The processes started in the pane are killed by
    /// id first, so nothing outlives the test even if it ignores the hang-up.
    func kill() {
        if let text = try? run(tmux, ["-L", socket, "list-panes", "-t", name, "-F", "#{pane_pid}"]).out,
           let pane = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            for pid in descendants(of: pane).reversed() { _ = Glibc.kill(pid, SIGKILL) }
        }
        _ = try? run(tmux, ["-L", socket, "kill-server"])
    }

    /// Every process below `root`, parents before children (from `/proc/PID/stat`).
    private func descendants(of root: pid_t) -> [pid_t] {
        var parent: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) " come the state and the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = pid_t(fields[1]) { parent[pid] = ppid }
        }
        var out: [pid_t] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = parent.filter { $0.value == next }.map(\.key)
            out += children
            frontier += children
        }
        return out
    }
}
