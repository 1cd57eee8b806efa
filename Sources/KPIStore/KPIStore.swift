import Foundation
import KPICore
import KPILogging

/// kpid's Redis store for one event loop: one connection, its scripts, and the operations the RPCs need.
///
/// Confined to the loop thread, like the connection it owns.
public final class KPIStore {
    public let connection: RedisConnection
    private let scripts: ScriptRunner
    private let gate = TicketGate()
    private let configuration: StoreConfiguration

    public init(
        base: OpaquePointer,
        redis: RedisConnection.Configuration,
        configuration: StoreConfiguration,
        log: Logger
    ) {
        self.connection = RedisConnection(base: base, configuration: redis, log: log)
        self.scripts = ScriptRunner(connection: connection)
        self.configuration = configuration
        connection.onConnected = { [scripts] in scripts.loadAll() }
    }

    public func start() { connection.start() }

    public func stop() { connection.stop() }

    /// Whether Redis is connected and kpid's scripts are loaded; asking also retries a failed script load.
    public var isReady: Bool {
        scripts.reloadIfNeeded()
        return connection.isConnected && scripts.isLoaded
    }

    /// Records events (all of one call) and reports each one's outcome in order.
    public func record(
        _ events: [TicketEvent],
        completion: @escaping (Result<[RecordOutcome], StoreError>) -> Void
    ) {
        EventRecorder(
            connection: connection,
            scripts: scripts,
            gate: gate,
            configuration: configuration,
            events: events,
            completion: completion
        ).start()
    }

    /// Reads a scope's KPIs over `[fromMinute, toMinute)` (epoch minutes).
    public func readKPIs(
        scope: KPIScope,
        fromMinute: Int64,
        toMinute: Int64,
        includeAgents: Bool,
        includePercentiles: Bool = false,
        completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        KPIReader(connection: connection, scripts: scripts, configuration: configuration).read(
            scope: scope,
            fromMinute: fromMinute,
            toMinute: toMinute,
            includeAgents: includeAgents,
            includePercentiles: includePercentiles,
            completion: completion
        )
    }

    /// Reads a scope's KPIs over each of `ranges` (epoch minutes): the points of a series.
    public func readSeries(
        scope: KPIScope,
        ranges: [Range<Int64>],
        completion: @escaping (Result<[KPIReadResult], StoreError>) -> Void
    ) {
        KPIReader(connection: connection, scripts: scripts, configuration: configuration).readSeries(
            scope: scope,
            ranges: ranges,
            completion: completion
        )
    }

    /// Every department kpid has seen, sorted.
    public func departments(completion: @escaping (Result<[String], StoreError>) -> Void) {
        connection.send(["SMEMBERS", KeySchema.departmentsKey]) { reply in
            guard case .array(let members) = reply else { return completion(.failure(StoreError.from(reply))) }
            // Numbers inside names sort by value, so "Group 9" comes before "Group 10".
            let names = members.compactMap(\.stringValue)
            completion(.success(names.sorted { $0.compare($1, options: .numeric) == .orderedAscending }))
        }
    }

    /// The current time as the store sees it (Unix ms).
    public var nowMs: Int64 { configuration.now() }
}
