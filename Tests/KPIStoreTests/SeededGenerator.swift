/// SplitMix64: a small deterministic generator, so the random round trips fail the same way every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Names that trip up delimiters, escapes and hash tags.
enum AwkwardNames {
    static let all = [
        "", "Support", "|", "%", ",", ";", "/", "{", "}", ":", " ", "a b", "line\nbreak", "nul\u{0}byte", "😀 émoji",
        "%41", "%G1", "{d:x}|1|2", "\u{7f}", "tab\t", "}{", "a/b,c;d", "%%", "o", "d:Support",
        // Unicode joins these to a neighbouring delimiter in one Character: a leading combining accent or
        // zero-width joiner, a trailing prepended concatenation mark (U+0600).
        "\u{301}accent first", "\u{200D}joiner first", "mark last\u{600}",
    ]
}
