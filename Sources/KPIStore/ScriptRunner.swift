/// Runs kpid's Lua scripts on one connection: by SHA once Redis has them, by source until then.
///
/// Redis does not persist its script cache: after a restart or failover `EVALSHA` answers `NOSCRIPT`, and the
/// script is sent again in full. Every script is safe to run twice (they check versions or markers), so this
/// retry cannot count anything twice.
public final class ScriptRunner {
    private let connection: RedisConnection
    private var shas: [String: String] = [:]
    private var loadsInFlight = 0

    public init(connection: RedisConnection) {
        self.connection = connection
    }

    /// Loads every script; call on each new connection.
    public func loadAll() {
        shas.removeAll()
        for script in Scripts.all {
            loadsInFlight += 1
            connection.send(["SCRIPT", "LOAD", script.source]) { [weak self] reply in
                guard let self else { return }
                loadsInFlight -= 1
                if let sha = reply.stringValue { shas[script.name] = sha }
            }
        }
    }

    /// Whether every script is loaded (for readiness).
    public var isLoaded: Bool { shas.count == Scripts.all.count }

    /// Loads the scripts again if a load failed (Redis was busy loading its data, say) and none is under way.
    public func reloadIfNeeded() {
        if !isLoaded && loadsInFlight == 0 && connection.isConnected { loadAll() }
    }

    public func run(
        _ script: RedisScript,
        keys: [String],
        arguments: [String],
        completion: @escaping (RedisReply) -> Void
    ) {
        let tail = ["\(keys.count)"] + keys + arguments
        guard let sha = shas[script.name] else {
            connection.send(["EVAL", script.source] + tail, completion: completion)
            return
        }
        connection.send(["EVALSHA", sha] + tail) { [weak self] reply in
            guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT") else {
                completion(reply)
                return
            }
            self?.shas[script.name] = nil
            self?.connection.send(["EVAL", script.source] + tail, completion: completion)
            self?.loadAll()
        }
    }
}
