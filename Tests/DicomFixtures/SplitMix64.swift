import SyntheticData

/// The tests' deterministic generator for random cases: the same SplitMix64 the synthetic corpora use,
/// so every run sees the same cases.
public typealias SplitMix64 = SyntheticRandom
