/// Accumulates Swift source, one line at a time, at the current indentation.
struct SourceWriter {
  private(set) var text = ""
  private var indentation = 0

  mutating func line(_ line: String = "") {
    if line.isEmpty {
      text += "\n"
    } else {
      text += String(repeating: "  ", count: indentation) + line + "\n"
    }
  }

  /// Writes a `///` comment block (as SwiftProtobufPluginLibrary formats it), indented.
  mutating func comment(_ block: String) {
    for line in block.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
      self.line(String(line))
    }
  }

  /// Writes `header {`, the body one level deeper, then `}`.
  mutating func block(_ header: String, _ body: (inout SourceWriter) throws -> Void) rethrows {
    try opened(header + " {", body)
  }

  /// Writes `opening` (which ends in an open bracket or `in`), the body one level deeper, then `closing`.
  mutating func opened(
    _ opening: String,
    closing: String = "}",
    _ body: (inout SourceWriter) throws -> Void
  ) rethrows {
    line(opening)
    indentation += 1
    try body(&self)
    indentation -= 1
    line(closing)
  }

  /// Writes a `switch` whose `case` lines stay at the level of the `switch`, as Swift style has it.
  mutating func switchBlock(_ subject: String, _ body: (inout SourceWriter) throws -> Void) rethrows {
    line("switch \(subject) {")
    try body(&self)
    line("}")
  }
}
