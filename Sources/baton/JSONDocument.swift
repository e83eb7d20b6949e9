import BatonProto
import Foundation

/// JSON as the client commands print it with `--json`: objects keep their fields in the
/// order given (Prefect's), and integers stay integers.
indirect enum JSONDocument {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONDocument])
  case object([(String, JSONDocument)])

  /// Free-form JSON from the API (labels, state data), its keys sorted.
  init(_ value: JSONValue) {
    switch value {
    case .null: self = .null
    case .bool(let bool): self = .bool(bool)
    case .number(let number): self = .number(number)
    case .string(let string): self = .string(string)
    case .array(let elements): self = .array(elements.map(JSONDocument.init))
    case .object(let fields): self = .object(fields.sorted { $0.key < $1.key }.map { ($0.key, JSONDocument($0.value)) })
    }
  }

  /// Pretty-printed with two-space indentation.
  var text: String {
    var output = ""
    write(to: &output, indentation: "")
    return output
  }

  /// On one line with no spaces, for streams read a line at a time.
  var line: String {
    var output = ""
    write(to: &output, indentation: nil)
    return output
  }

  /// Writes the document indented by `indentation`, or compactly when it is nil.
  private func write(to output: inout String, indentation: String?) {
    let inner = indentation.map { $0 + "  " }
    let open = indentation == nil ? "" : "\n"
    switch self {
    case .null: output += "null"
    case .bool(let bool): output += bool ? "true" : "false"
    case .integer(let integer): output += String(integer)
    case .number(let number): output += number.isFinite ? "\(number)" : "null"
    case .string(let string): output += Self.quoted(string)
    case .array(let elements):
      guard !elements.isEmpty else { return output += "[]" }
      output += "[" + open
      for (position, element) in elements.enumerated() {
        output += inner ?? ""
        element.write(to: &output, indentation: inner)
        output += (position == elements.count - 1 ? "" : ",") + open
      }
      output += (indentation ?? "") + "]"
    case .object(let fields):
      guard !fields.isEmpty else { return output += "{}" }
      output += "{" + open
      for (position, (key, value)) in fields.enumerated() {
        output += (inner ?? "") + Self.quoted(key) + (indentation == nil ? ":" : ": ")
        value.write(to: &output, indentation: inner)
        output += (position == fields.count - 1 ? "" : ",") + open
      }
      output += (indentation ?? "") + "}"
    }
  }

  private static func quoted(_ string: String) -> String {
    var quoted = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": quoted += "\\\""
      case "\\": quoted += "\\\\"
      case "\n": quoted += "\\n"
      case "\r": quoted += "\\r"
      case "\t": quoted += "\\t"
      case let control where control.value < 0x20:
        quoted += "\\u" + String(control.value, radix: 16).leftPadded(to: 4, with: "0")
      default: quoted.unicodeScalars.append(scalar)
      }
    }
    return quoted + "\""
  }
}

/// Optional API fields as JSON: absent (`nil`) is `null`, as in Prefect's JSON.
extension JSONDocument {
  static func text(_ string: String?) -> JSONDocument { string.map { .string($0) } ?? .null }
  static func instant(_ date: Date?) -> JSONDocument { date.map { .string(DateText.microseconds($0)) } ?? .null }
  static func whole(_ integer: (some BinaryInteger)?) -> JSONDocument { integer.map { .integer(Int64($0)) } ?? .null }
  static func decimal(_ number: Double?) -> JSONDocument { number.map { .number($0) } ?? .null }
  static func flag(_ bool: Bool?) -> JSONDocument { bool.map { .bool($0) } ?? .null }
  static func texts(_ strings: [String]) -> JSONDocument { .array(strings.map { .string($0) }) }
  static func freeForm(_ value: JSONValue?) -> JSONDocument { value.map(JSONDocument.init) ?? .null }
  static func freeForm(_ fields: [String: JSONValue]?) -> JSONDocument { fields.map { JSONDocument(.object($0)) } ?? .null }
  static func named(_ value: (some PrefectNamed)?) -> JSONDocument { text(value?.prefectName) }
}
