import Foundation

/// How the CLI writes instants: UTC ISO 8601, to the second for people and to the
/// microsecond, Prefect's precision, in JSON.
enum DateText {
  /// `2025-05-01T12:00:00Z`.
  static func seconds(_ date: Date) -> String {
    date.formatted(.iso8601)
  }

  /// `2025-05-01T12:00:00.123456Z`, or without the fraction when it is zero.
  static func microseconds(_ date: Date) -> String {
    let sinceEpoch = date.timeIntervalSince1970
    var whole = sinceEpoch.rounded(.down)
    var micros = ((sinceEpoch - whole) * 1_000_000).rounded()
    if micros >= 1_000_000 {
      whole += 1
      micros = 0
    }
    let text = seconds(Date(timeIntervalSince1970: whole))
    guard micros > 0 else { return text }
    let fraction = String(Int(micros)).leftPadded(to: 6, with: "0")
    return text.dropLast() + ".\(fraction)Z"
  }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = " ") -> String {
    String(repeating: pad, count: max(0, width - count)) + self
  }

  func rightPadded(to width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}
