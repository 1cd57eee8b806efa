import KPICore
import KPILogging
import KPIProtocol
import KPIServer
import KPIStore
import Testing

@Suite("kpid configuration from flags and environment")
struct ServerConfigurationTests {
    @Test("flags override the environment, which overrides the defaults")
    func precedence() throws {
        let configuration = try ServerConfiguration.parse(
            arguments: ["--listen", "0.0.0.0:9000", "--workers=3"],
            environment: ["KPID_LISTEN": "127.0.0.1:1234", "KPID_REDIS": "10.1.2.3:6380", "KPID_LOG_LEVEL": "debug"]
        )
        #expect(configuration.listenHost == "0.0.0.0")
        #expect(configuration.listenPort == 9000)
        #expect(configuration.redisHost == "10.1.2.3")
        #expect(configuration.redisPort == 6380)
        #expect(configuration.workers == 3)
        #expect(configuration.logLevel == .debug)
    }

    @Test("retention and limits are read in their units")
    func unitsAndLimits() throws {
        let configuration = try ServerConfiguration.parse(
            arguments: [
                "--minute-retention-hours", "6", "--hour-retention-days", "2", "--ticket-retention-days", "30",
                "--max-frame-size", "65536", "--max-calls", "8", "--idle-timeout-ms", "5000",
            ],
            environment: [:]
        )
        #expect(configuration.store.retention.minuteTierMinutes == 360)
        #expect(configuration.store.retention.hourTierMinutes == 2_880)
        #expect(configuration.store.ticketTTLSeconds == 2_592_000)
        #expect(configuration.limits.maxFrameSize == 65_536)
        #expect(configuration.limits.maxConcurrentCalls == 8)
        #expect(configuration.limits.idleTimeoutMs == 5_000)
    }

    @Test(
        "bad values are refused with a message naming the flag",
        arguments: [
            (["--workers", "0"], "--workers"),
            (["--listen", "localhost"], "--listen"),
            (["--redis", "host:notaport"], "--redis"),
            (["--log-level", "loud"], "--log-level"),
            (["--max-frame-size", "20000000"], "--max-frame-size"),
            (["--frobnicate", "1"], "--frobnicate"),
            (["--workers"], "--workers"),
        ]
    )
    func badValues(arguments: [String], flag: String) {
        do {
            _ = try ServerConfiguration.parse(arguments: arguments, environment: [:])
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect("\(error)".contains(flag))
        }
    }
}
