import Foundation
import KPIServer

// kpid: the KPI server. Configuration comes from flags and KPID_* environment variables (see --help).

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print("usage: kpid [options]\n")
    for option in ServerConfiguration.options {
        print("  \(option.flag.padding(toLength: 26, withPad: " ", startingAt: 0)) \(option.help) [\(option.env)]")
    }
    exit(0)
}

do {
    let configuration = try ServerConfiguration.parse(
        arguments: arguments,
        environment: ProcessInfo.processInfo.environment
    )
    let server = KPIServer(configuration: configuration)
    _ = try server.start(handleSignals: true)
    server.wait()
    exit(0)
} catch {
    FileHandle.standardError.write(Data("kpid: \(error)\n".utf8))
    exit(2)
}
