/// A seeded random number generator (SplitMix64, as swift-argument-parser's
/// examples use it): the same seed gives the same numbers on every machine.
/// The one generator behind the benchmark's data and the tests' generated
/// inputs (fuzzing, stress), so a failing input can be made again from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive). The
    /// remainder's tiny bias does not matter for generated data, and unlike
    /// `Int.random(in:using:)` it draws exactly one number, so sequences stay
    /// stable.
    public mutating func next(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }

    /// One of `values`, which must not be empty.
    public mutating func pick<T>(_ values: [T]) -> T {
        values[next(values.count)]
    }
}
