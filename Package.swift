// swift-tools-version: 6.0
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "kpid",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kpid", targets: ["kpid"]),
        .executable(name: "kpictl", targets: ["kpictl"]),
        .library(name: "KPIClient", targets: ["KPIClient"]),
    ],
    targets: [
        // C libraries.
        .systemLibrary(name: "CProtobufC", pkgConfig: "libprotobuf-c"),
        .target(
            name: "KPIProtoC",
            dependencies: ["CProtobufC"],
            exclude: [],
            cSettings: [.headerSearchPath("include")]
        ),
        .target(
            name: "CKPIShim",
            linkerSettings: [
                .linkedLibrary("hiredis"),
                .linkedLibrary("event"),
                .linkedLibrary("event_pthreads"),
            ]
        ),

        // Pure logic, no I/O.
        .target(name: "KPICore", swiftSettings: strictSwift),
        .target(name: "KPIProtocol", swiftSettings: strictSwift),
        .target(
            name: "KPIMessages",
            dependencies: ["KPICore", "KPIProtocol", "KPIProtoC", "CProtobufC"],
            swiftSettings: strictSwift
        ),
        .target(name: "KPIImport", dependencies: ["KPICore"], swiftSettings: strictSwift),
        .target(name: "KPILogging", swiftSettings: strictSwift),

        // I/O.
        .target(name: "KPIStore", dependencies: ["KPICore", "KPILogging", "CKPIShim"], swiftSettings: strictSwift),
        .target(
            name: "KPIServer",
            dependencies: ["KPICore", "KPIProtocol", "KPIMessages", "KPIStore", "KPILogging", "CKPIShim"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "KPIClient",
            dependencies: ["KPICore", "KPIProtocol", "KPIMessages"],
            swiftSettings: strictSwift
        ),

        // Executables.
        .executableTarget(name: "kpid", dependencies: ["KPIServer"], swiftSettings: strictSwift),
        .executableTarget(
            name: "kpictl",
            dependencies: ["KPIClient", "KPIImport", "KPICore", "KPIProtocol", "KPIMessages"],
            swiftSettings: strictSwift
        ),

        // Tests.
        .testTarget(name: "KPICoreTests", dependencies: ["KPICore"], swiftSettings: strictSwift),
        .testTarget(name: "KPIProtocolTests", dependencies: ["KPIProtocol", "KPIMessages"], swiftSettings: strictSwift),
        .testTarget(name: "KPIStoreTests", dependencies: ["KPIStore", "KPICore"], swiftSettings: strictSwift),
        .testTarget(name: "KPIImportTests", dependencies: ["KPIImport", "KPICore"], swiftSettings: strictSwift),
        .testTarget(
            name: "KPIIntegrationTests",
            dependencies: [
                "KPIServer", "KPIClient", "KPIImport", "KPICore", "KPIStore", "KPILogging", "KPIMessages",
                "KPIProtocol",
            ],
            swiftSettings: strictSwift
        ),
    ]
)
