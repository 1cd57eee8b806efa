/// The Lua scripts kpid runs in Redis. Each touches only keys passed in KEYS, all under one hash tag.
public enum Scripts {
    /// Saves a ticket's new state and its new event records if nobody changed the ticket since it was read.
    ///
    /// KEYS[1] ticket hash. ARGV[1] expected version, ARGV[2] new state, ARGV[3] TTL seconds, then
    /// (field, record) pairs. Returns 1 when saved, 0 on a version conflict (the caller reloads and retries).
    public static let commitTicket = RedisScript(
        name: "commit_ticket",
        source: """
            local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
            if version ~= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'v', version + 1, 's', ARGV[2])
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
            return 1
            """
    )

    /// Applies events' counter changes under one hash tag, each event at most once.
    ///
    /// KEYS: the markers and counter hashes. ARGV[1] marker TTL (s), ARGV[2] event count; per event: marker
    /// key index, op count, then (key index, field, delta) per op; then a count of (key index, TTL) pairs
    /// (TTL 0 = keep forever; a TTL is only ever lengthened); then a count of (set key index, member) pairs.
    /// Returns one integer per event: 1 applied now, 0 applied before.
    public static let applyCounters = RedisScript(
        name: "apply_counters",
        source: """
            local markerTTL = tonumber(ARGV[1])
            local events = tonumber(ARGV[2])
            local i = 3
            local applied = {}
            -- Increments of the events applied now, summed per key and field first: events of one batch
            -- mostly share their day, month and year buckets, so this saves most HINCRBY calls.
            local totals = {}
            for e = 1, events do
              local marker = KEYS[tonumber(ARGV[i])]
              local ops = tonumber(ARGV[i + 1])
              i = i + 2
              if redis.call('SET', marker, '1', 'NX', 'EX', markerTTL) then
                for o = 1, ops do
                  local k = tonumber(ARGV[i])
                  local fields = totals[k]
                  if not fields then
                    fields = {}
                    totals[k] = fields
                  end
                  fields[ARGV[i + 1]] = (fields[ARGV[i + 1]] or 0) + tonumber(ARGV[i + 2])
                  i = i + 3
                end
                applied[e] = 1
              else
                i = i + 3 * ops
                applied[e] = 0
              end
            end
            local touched = {}
            for k, fields in pairs(totals) do
              for field, delta in pairs(fields) do
                if delta ~= 0 then redis.call('HINCRBY', KEYS[k], field, delta) end
              end
              touched[k] = true
            end
            \(ttlsAndMembers)
            return applied
            """
    )

    /// Applies a batch's counter changes under one hash tag at once, if none of its events was applied here
    /// before; otherwise changes nothing, so the caller falls back to `applyCounters`.
    ///
    /// KEYS: the markers and counter hashes. ARGV[1] marker TTL (s), ARGV[2] event count n, then n marker
    /// key indices; then an op count and (key index, field, delta) per op, already summed per field; then
    /// (key index, TTL) pairs and (set key index, member) pairs as in `applyCounters`.
    /// Returns 1 when applied, 0 when some event's marker already existed (nothing written).
    public static let applyCountersMerged = RedisScript(
        name: "apply_counters_merged",
        source: """
            local markerTTL = tonumber(ARGV[1])
            local events = tonumber(ARGV[2])
            for e = 1, events do
              if redis.call('EXISTS', KEYS[tonumber(ARGV[2 + e])]) == 1 then return 0 end
            end
            for e = 1, events do
              redis.call('SET', KEYS[tonumber(ARGV[2 + e])], '1', 'EX', markerTTL)
            end
            local i = 3 + events
            local ops = tonumber(ARGV[i])
            i = i + 1
            local touched = {}
            for o = 1, ops do
              local k = tonumber(ARGV[i])
              redis.call('HINCRBY', KEYS[k], ARGV[i + 1], ARGV[i + 2])
              touched[k] = true
              i = i + 3
            end
            \(ttlsAndMembers)
            return 1
            """
    )

    /// The end both apply scripts share: lengthen the TTLs of the hashes written (`touched`), then add set
    /// members, reading ARGV from position `i`.
    private static let ttlsAndMembers = """
        local ttls = tonumber(ARGV[i])
        i = i + 1
        for t = 1, ttls do
          local k = tonumber(ARGV[i])
          local ttl = tonumber(ARGV[i + 1])
          i = i + 2
          if touched[k] and ttl > 0 and redis.call('TTL', KEYS[k]) < ttl then
            redis.call('EXPIRE', KEYS[k], ttl)
          end
        end
        local members = tonumber(ARGV[i])
        i = i + 1
        for m = 1, members do
          redis.call('SADD', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
          i = i + 2
        end
        """

    public static let all = [commitTicket, applyCounters, applyCountersMerged]
}

/// A Lua script known by name, loaded into Redis on each connection.
public struct RedisScript: Sendable, Hashable {
    public var name: String
    public var source: String
}
