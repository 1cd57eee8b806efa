import KPICore

/// Sums counters over bucket spans from whole parent hashes, as `HGETALL` returns them.
///
/// Why whole hashes: a parent hash of a few hundred fields is a Redis listpack, where each `HMGET` field is
/// found by a linear scan; asking for 336 fields of a 198-field hash cost 380 µs of Redis time, while reading
/// the hash once and picking the fields here costs a fraction of that. Pure: no I/O.
struct SpanSummer {
    private struct Use {
        var lo: Int64
        var hi: Int64
        var row: Int
        /// Counter positions to add (nil = every counter).
        var counters: Set<Int>?
    }

    static let counters = KPICounter.allCases
    private static let positionByCode: [String: Int] = Dictionary(
        uniqueKeysWithValues: counters.enumerated().map { ($1.rawValue, $0) }
    )

    private(set) var keys: [String] = []
    private var usesByKey: [[Use]] = []
    private var keyIndex: [String: Int] = [:]
    let rows: Int

    init(rows: Int) {
        self.rows = rows
    }

    /// Adds `spans` of `scope` to row `row`, for the given counters (nil = all).
    mutating func add(_ spans: [BucketSpan], of scope: KPIScope, row: Int, counters: [KPICounter]? = nil) {
        let positions = counters.map { Set($0.compactMap { Self.counters.firstIndex(of: $0) }) }
        for span in spans {
            let key = KeySchema.counterKey(scope, span.tier, parent: span.parent)
            let index: Int
            if let existing = keyIndex[key] {
                index = existing
            } else {
                index = keys.count
                keys.append(key)
                usesByKey.append([])
                keyIndex[key] = index
            }
            usesByKey[index].append(Use(lo: span.lo, hi: span.hi, row: row, counters: positions))
        }
    }

    /// Sums the hashes (one `HGETALL` reply per key, in `keys` order) into `rows` × counters totals.
    func sum(_ hashes: [[RedisReply]]) -> [[Int64]] {
        var sums = Array(repeating: Array(repeating: Int64(0), count: Self.counters.count), count: rows)
        for (index, fields) in hashes.enumerated() where index < usesByKey.count {
            let uses = usesByKey[index]
            var pair = 0
            while pair + 1 < fields.count {
                defer { pair += 2 }
                guard case .string(let name) = fields[pair], let value = fields[pair + 1].integerValue,
                    let (bucket, position) = Self.parseField(name)
                else { continue }
                for use in uses where use.lo <= bucket && bucket <= use.hi {
                    if let counters = use.counters, !counters.contains(position) { continue }
                    // Saturate rather than trap: a sum past Int64 (absurd durations sent over years) must not
                    // take the server down.
                    let (total, overflow) = sums[use.row][position].addingReportingOverflow(value)
                    sums[use.row][position] = overflow ? (value > 0 ? Int64.max : Int64.min) : total
                }
            }
        }
        return sums
    }

    /// Splits a field `<bucket>:<counter>` into the bucket index and the counter's position.
    static func parseField(_ bytes: [UInt8]) -> (Int64, Int)? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
        var bucket: Int64 = 0
        var negative = false
        for (offset, byte) in bytes[..<colon].enumerated() {
            if offset == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            bucket = bucket * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        let code = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
        guard let position = positionByCode[code] else { return nil }
        return (negative ? -bucket : bucket, position)
    }
}
