import Foundation

// Measurement helpers the benchmarks share: durations as numbers, exact percentiles and
// the formatting of their figures.

extension Duration {
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}

extension Array where Element == Duration {
  /// The `percentile`-th smallest value (nearest rank); zero when empty.
  func percentile(_ percentile: Double) -> Duration {
    sorted().nearestRank(percentile)
  }

  /// The `percentile`-th smallest value of an array already sorted ascending (nearest rank);
  /// zero when empty.
  func nearestRank(_ percentile: Double) -> Duration {
    guard !isEmpty else { return .zero }
    let rank = Int((percentile / 100 * Double(count)).rounded(.up)) - 1
    return self[Swift.min(Swift.max(rank, 0), count - 1)]
  }
}

/// A count or rate with thousands separators and no fraction, right-aligned in 7 columns.
func format(_ value: Double) -> String {
  let formatter = NumberFormatter()
  formatter.numberStyle = .decimal
  formatter.maximumFractionDigits = 0
  return (formatter.string(from: NSNumber(value: value)) ?? "\(Int(value))").leftPadded(7)
}

func milliseconds(_ duration: Duration) -> String {
  String(format: "%.2f ms", duration.seconds * 1_000)
}

func microseconds(_ duration: Duration) -> String {
  String(format: "%.0f µs", duration.seconds * 1_000_000)
}

extension Optional {
  func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
    guard let self else { throw error() }
    return self
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
