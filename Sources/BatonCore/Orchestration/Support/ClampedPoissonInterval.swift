import Foundation

/// Prefect's jitter: a draw from an exponential distribution with the given mean, clamped to
/// `[mean · c, mean · (1 + factor)]` where `c` keeps the median near the mean, so that many
/// clients retrying together spread out.
enum ClampedPoissonInterval {
    /// Maps `unit` ∈ [0, 1] onto the clamped range by inverse CDF: 0 gives the lower bound,
    /// 1 the upper bound. `averageInterval` and `clampingFactor` must be positive.
    static func sample(averageInterval: Double, clampingFactor: Double, unit: Double) -> Double {
        let upperMultiple = 1 + clampingFactor
        let upperBound = averageInterval * upperMultiple
        let lowerBound = max(0, averageInterval * lowerClampMultiple(upperMultiple))
        let lowerProbability = exponentialCDF(lowerBound, mean: averageInterval)
        let upperProbability = exponentialCDF(upperBound, mean: averageInterval)
        let probability = lowerProbability + min(max(unit, 0), 1) * (upperProbability - lowerProbability)
        // Stabilise the logarithm as Prefect does, so a probability of 1 cannot produce log(0).
        return -log(max(1 - probability, 1e-10)) * averageInterval
    }

    /// The lower multiple `c` that puts as much probability mass between `c·mean` and the
    /// median as between the median and `k·mean`; 0 for large `k` to avoid overflow.
    static func lowerClampMultiple(_ k: Double) -> Double {
        guard k < 50 else { return 0 }
        return log2(max(pow(2, k) / (pow(2, k) - 1), 1e-10))
    }

    private static func exponentialCDF(_ x: Double, mean: Double) -> Double {
        1 - exp(-x / mean)
    }
}
