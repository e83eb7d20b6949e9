/// Rows printed as aligned columns under a header, for people at a terminal.
struct TextTable {
  let headers: [String]
  private(set) var rows: [[String]] = []

  init(_ headers: String...) {
    self.headers = headers
  }

  mutating func append(_ row: [String]) {
    precondition(row.count == headers.count, "a row has one cell per column")
    rows.append(row)
  }

  /// Columns two spaces apart; the last one is not padded, so lines end at their text.
  var text: String {
    let lines = [headers] + rows
    let widths = headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
    return lines.map { cells in
      cells.enumerated().map { column, cell in
        column == cells.count - 1 ? cell : cell.rightPadded(to: widths[column])
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}

/// Labelled values of one record, one per line, the values aligned.
struct DetailList {
  private var entries: [(label: String, value: String)] = []

  mutating func append(_ label: String, _ value: String?) {
    entries.append((label, value ?? "-"))
  }

  var text: String {
    let width = entries.map(\.label.count).max() ?? 0
    return entries.map { "\($0.label.rightPadded(to: width))  \($0.value)" }.joined(separator: "\n")
  }
}
