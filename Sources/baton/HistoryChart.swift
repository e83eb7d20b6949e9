import BatonProto
import Foundation

/// Task-run history as a bar chart for a terminal: one line per interval with its start,
/// a bar as long as its run count (scaled to the busiest interval) split into one segment
/// per current state type, the count, and the count of each state type.
struct HistoryChart {
  let intervals: [Baton_V1_HistoryInterval]
  /// Columns of the longest bar.
  var width = 50
  /// Whether segments are also drawn in Prefect's state colours (ANSI escapes).
  var colored = false

  /// Colours when stdout is a terminal and `NO_COLOR` is not set.
  static var colorsWanted: Bool {
    isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }

  /// State types in the order their segments appear, each with its glyph and colour.
  private static let segments: [(type: Baton_V1_StateType, glyph: Character, color: String)] = [
    (.scheduled, "░", "33"),
    (.pending, "▒", "37"),
    (.running, "▓", "34"),
    (.completed, "█", "32"),
    (.failed, "X", "31"),
    (.crashed, "!", "35"),
    (.cancelling, "~", "90"),
    (.cancelled, "-", "90"),
    (.paused, ":", "37"),
  ]

  var text: String {
    let counts = intervals.map(Self.countsByType)
    let totals = counts.map { $0.values.reduce(0, +) }
    let busiest = totals.max() ?? 0
    let present = Self.segments.filter { segment in counts.contains { $0[segment.type] != nil } }
    let legend =
      present.isEmpty
      ? "No task runs expected to start in this range."
      : present.map { "\(paint(String($0.glyph), $0.color)) \($0.type.prefectName ?? "")" }.joined(separator: "  ")
    let totalWidth = String(busiest).count
    let lines = zip(intervals, zip(counts, totals)).map { interval, tally in
      let (byType, total) = tally
      let start = interval.intervalStart.map(DateText.seconds) ?? "-"
      let bar = self.bar(byType, busiest: busiest)
      let breakdown = Self.segments.compactMap { segment in
        byType[segment.type].map { "\(segment.type.prefectName ?? "") \($0)" }
      }
      let count = String(total).leftPadded(to: totalWidth)
      return ([start, bar.text + String(repeating: " ", count: max(0, width - bar.columns)), count] + breakdown)
        .joined(separator: "  ")
    }
    return ([legend] + lines).joined(separator: "\n")
  }

  /// Each state type's segment is proportional to its count, at least one column wide.
  private func bar(_ byType: [Baton_V1_StateType: Int64], busiest: Int64) -> (text: String, columns: Int) {
    var text = ""
    var columns = 0
    for segment in Self.segments {
      guard let count = byType[segment.type], busiest > 0 else { continue }
      let length = max(1, Int((Double(count) / Double(busiest) * Double(width)).rounded()))
      text += paint(String(repeating: segment.glyph, count: length), segment.color)
      columns += length
    }
    return (text, columns)
  }

  private func paint(_ text: String, _ color: String) -> String {
    colored ? "\u{1B}[\(color)m\(text)\u{1B}[0m" : text
  }

  /// Run counts by state type; the server reports each state name separately.
  private static func countsByType(_ interval: Baton_V1_HistoryInterval) -> [Baton_V1_StateType: Int64] {
    interval.states.reduce(into: [:]) { counts, state in
      if state.countRuns > 0 { counts[state.stateType, default: 0] += state.countRuns }
    }
  }
}
