import KPICore

/// Adds up duration histograms over bucket spans from whole histogram hashes (`HGETALL` replies). Pure.
struct HistogramSummer {
    private(set) var keys: [String] = []
    private var spans: [(lo: Int64, hi: Int64)] = []

    /// Reads the histograms of `spans` of `scope`.
    init(_ spans: [BucketSpan], of scope: KPIScope) {
        for span in spans {
            keys.append(KeySchema.histogramKey(scope, span.tier, parent: span.parent))
            self.spans.append((span.lo, span.hi))
        }
    }

    /// Bin counts per duration counter, from one reply per key (in `keys` order).
    func counts(_ hashes: [[RedisReply]]) -> [KPICounter: [Int32: Int64]] {
        var counts: [KPICounter: [Int32: Int64]] = [:]
        for (index, fields) in hashes.enumerated() where index < spans.count {
            var pair = 0
            while pair + 1 < fields.count {
                defer { pair += 2 }
                guard case .string(let name) = fields[pair], let value = fields[pair + 1].integerValue,
                    let (bucket, counter, bin) = Self.parseField(name),
                    spans[index].lo <= bucket && bucket <= spans[index].hi
                else { continue }
                counts[counter, default: [:]][bin, default: 0] += value
            }
        }
        return counts
    }

    /// Splits `<bucket>:<counter>:<bin>`.
    static func parseField(_ bytes: [UInt8]) -> (Int64, KPICounter, Int32)? {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3, let bucket = Int64(String(decoding: parts[0], as: UTF8.self)),
            let counter = KPICounter(rawValue: String(decoding: parts[1], as: UTF8.self)),
            let bin = Int32(String(decoding: parts[2], as: UTF8.self))
        else { return nil }
        return (bucket, counter, bin)
    }

    /// Sets the median and p90 of every histogrammed duration of `kpis` from `counts`.
    static func apply(_ counts: [KPICounter: [Int32: Int64]], to kpis: inout KPISet) {
        func fill(_ stat: inout DurationStat, _ counter: KPICounter) {
            let bins = counts[counter] ?? [:]
            stat.medianSeconds = DurationHistogram.quantile(bins, 0.5)
            stat.p90Seconds = DurationHistogram.quantile(bins, 0.9)
        }
        fill(&kpis.firstResponse, .firstResponseCount)
        fill(&kpis.firstResolution, .firstResolutionCount)
        fill(&kpis.fullResolution, .fullResolutionCount)
        fill(&kpis.replyTime, .replyCount)
    }
}
