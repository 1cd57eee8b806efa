import KPILogging

/// What every worker shares: read-only configuration, the logger and the metrics.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let log: Logger
    let metrics = ServerMetrics()

    init(configuration: ServerConfiguration, log: Logger) {
        self.configuration = configuration
        self.log = log
    }
}
