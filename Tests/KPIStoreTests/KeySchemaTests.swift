import KPICore
import Testing

@testable import KPIStore

@Suite("KeySchema")
struct KeySchemaTests {
    /// The part of `key` Redis Cluster hashes: between the first `{` and the next `}` after it, when that is not
    /// empty; otherwise the whole key.
    static func hashTag(_ key: String) -> String {
        let bytes = Array(key.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")),
            let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
            close > open + 1
        else { return key }
        return String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
    }

    static let parents: [Int64] = [-1, 0, 473_352, 2024, Int64.max]

    /// Every counter key of `scope`, over all tiers and a few parents.
    static func counterKeys(_ scope: KPIScope) -> [String] {
        TimeTier.allCases.flatMap { tier in parents.map { KeySchema.counterKey(scope, tier, parent: $0) } }
    }

    @Test(
        "the hash-tag rule of the tests follows Redis",
        arguments: [
            ("a{b}c", "b"), ("{a}{b}", "a"), ("a{}{b}", "a{}{b}"), ("a{b", "a{b"), ("a}b{c}", "c"), ("{{x}}", "{x"),
            ("plain", "plain"),
        ]
    )
    func hashTagRule(key: String, tag: String) {
        #expect(Self.hashTag(key) == tag)
    }

    @Test(
        "every key of one scope carries the scope's tag",
        arguments: [
            (KPIScope.organization, "o"),
            (.department("Support"), "d:Support"),
            (.department("Sup{port}"), "d:Sup%7Bport%7D"),
            (.department("}"), "d:%7D"),
            (.agent("ann"), "a:ann"),
            (.agent("a:b c"), "a:a%3Ab%20c"),
            (.agent("{o}"), "a:%7Bo%7D"),
            (.departmentAgent(department: "Support", agent: "ann"), "d:Support"),
            (.departmentAgent(department: "x}", agent: "{y"), "d:x%7D"),
        ]
    )
    func scopeKeysShareTag(scope: KPIScope, tag: String) {
        #expect(KeySchema.tag(of: scope) == tag)
        for key in Self.counterKeys(scope) {
            #expect(Self.hashTag(key) == tag, "\(key)")
            #expect(key.filter { $0 == "{" }.count == 1, "\(key)")
            #expect(key.filter { $0 == "}" }.count == 1, "\(key)")
        }
        let marker = KeySchema.appliedMarker(tag: tag, ticketID: "T{1}", eventID: "e}:1")
        #expect(Self.hashTag(marker) == tag)
    }

    @Test("a department's agent keys and agent set share the department's tag", arguments: AwkwardNames.all)
    func departmentAgentKeysShareTag(department: String) {
        let tag = Self.hashTag(KeySchema.counterKey(.department(department), .minute, parent: 0))

        #expect(tag.utf8.starts(with: "d:".utf8))
        #expect(Self.hashTag(KeySchema.agentsKey(department: department)) == tag)
        for agent in ["ann", "{", "}", ""] {
            for key in Self.counterKeys(.departmentAgent(department: department, agent: agent)) {
                #expect(Self.hashTag(key) == tag, "\(key)")
            }
        }
    }

    @Test("the organisation's keys and the department set share the tag o; a ticket's key has its own")
    func organizationAndTicketTags() {
        #expect(Self.hashTag(KeySchema.departmentsKey) == "o")
        #expect(Self.hashTag(KeySchema.ticketKey("T-1")) == "t:T-1")
        #expect(Self.hashTag(KeySchema.ticketKey("{o}")) == "t:%7Bo%7D")
        #expect(Self.hashTag(KeySchema.ticketKey("")) == "t:")
    }

    @Test(
        "names with braces cannot end or move the tag",
        arguments: ["{", "}", "}{", "{x}", "a}b", "}o{", "{o}", "{}"]
    )
    func bracesCannotChangeTag(name: String) {
        let keys =
            Self.counterKeys(.department(name)) + Self.counterKeys(.agent(name))
            + Self.counterKeys(.departmentAgent(department: name, agent: name))
            + [KeySchema.agentsKey(department: name), KeySchema.ticketKey(name)]

        for key in keys {
            let tag = Self.hashTag(key)
            #expect(!tag.contains("{") && !tag.contains("}"), "\(key)")
            #expect(["d:", "a:", "t:"].contains(String(tag.prefix(2))), "\(key)")
            #expect(KeySchema.unescape(tag.dropFirst(2)) == name, "\(key)")
        }
    }

    @Test("different scopes, tiers, parents and names never give the same key")
    func keysAreDistinct() {
        let names = AwkwardNames.all + ["a", "a:m", "a:m:0", "m", "%7B", "ap", "a:ann", "agents", "Support:a"]
        var owners: [String: String] = [:]
        var clashes: [String] = []
        func add(_ key: String, _ owner: String) {
            if let earlier = owners.updateValue(owner, forKey: key) { clashes.append("\(key): \(earlier) / \(owner)") }
        }

        var scopes: [KPIScope] = [.organization]
        for name in names {
            scopes += [.department(name), .agent(name)]
            scopes += names.map { .departmentAgent(department: name, agent: $0) }
        }
        for scope in scopes {
            for tier in TimeTier.allCases {
                for parent in [-1, 0, 1, 10] as [Int64] {
                    add(KeySchema.counterKey(scope, tier, parent: parent), "\(scope) \(tier) \(parent)")
                }
            }
        }
        for name in names {
            add(KeySchema.ticketKey(name), "ticket \(name)")
            add(KeySchema.agentsKey(department: name), "agents of \(name)")
            for other in names {
                add(KeySchema.appliedMarker(tag: "o", ticketID: name, eventID: other), "marker \(name) \(other)")
                add(
                    KeySchema.appliedMarker(tag: KeySchema.tag(of: .department(name)), ticketID: other, eventID: "e"),
                    "department marker \(name) \(other)"
                )
            }
        }
        add(KeySchema.departmentsKey, "departments")

        #expect(clashes.isEmpty)
        // (1 + n × (2 + n)) scopes × 5 tiers × 4 parents, n ticket and n agent-set keys, 2 × n × n markers, 1.
        let n = names.count
        #expect(owners.count == (1 + n * (2 + n)) * 20 + 2 * n + 2 * n * n + 1)
    }

    // MARK: - Escaping

    @Test("escape percent-encodes delimiters, spaces and control bytes, and nothing else")
    func escapeText() {
        #expect(KeySchema.escape("a b%{}:|,;/\u{0}\n\u{7f}é😀~") == "a%20b%25%7B%7D%3A%7C%2C%3B%2F%00%0A%7Fé😀~")
        #expect(KeySchema.escape("") == "")
        #expect(KeySchema.escape("Support-1_x.y") == "Support-1_x.y")
    }

    @Test(
        "unescape decodes two hex digits in either case and rejects anything else after %",
        arguments: [
            ("%41", "A"), ("%7b%7B", "{{"), ("", ""), ("a%20b", "a b"), ("%25%32", "%2"),
            ("%G1", nil), ("%", nil), ("%4", nil), ("abc%", nil), ("%%41", nil), ("%g0", nil), ("%4x", nil),
            ("% 41", nil),
        ] as [(String, String?)]
    )
    func unescapeText(text: String, name: String?) {
        #expect(KeySchema.unescape(Substring(text)) == name)
    }

    @Test("escaping round-trips random byte strings, and escaped bytes hold no delimiter")
    func randomBytesRoundTrip() {
        var generator = SeededGenerator(seed: 20_240_101)
        let forbidden = Set("%{}:|,;/".utf8).union(0...0x20).union([0x7f])
        let hexDigits = Set("0123456789ABCDEF".utf8)

        for _ in 0..<5000 {
            let length = Int.random(in: 0...48, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }

            let escaped = bytes.escaped()

            #expect(escaped.unescaped() == bytes)
            for (index, byte) in escaped.enumerated() where byte == UInt8(ascii: "%") {
                #expect(
                    index + 2 < escaped.count && hexDigits.contains(escaped[index + 1])
                        && hexDigits.contains(escaped[index + 2])
                )
            }
            // A literal % is escaped too, so every % left is followed by its two hex digits, checked above.
            #expect(escaped.allSatisfy { $0 == UInt8(ascii: "%") || !forbidden.contains($0) })
        }
    }

    @Test("escaping round-trips random strings through escape and unescape")
    func randomStringsRoundTrip() {
        var generator = SeededGenerator(seed: 7)
        let pool = Array("%{}:|,;/ \n\t\u{0}\u{7f}azAZ09-é😀中\u{301}\u{200D}\u{600}".unicodeScalars).map(Character.init)

        for _ in 0..<3000 {
            let name = String(
                (0..<Int.random(in: 0...24, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            )

            let escaped = KeySchema.escape(name)

            #expect(KeySchema.unescape(Substring(escaped)) == name)
            #expect(!escaped.contains { "{}:|,;/ \n\t\u{0}\u{7f}".contains($0) }, "\(escaped)")
        }
    }
}
