import BatonStore
import Foundation

extension RequestValidator {
  /// The id in `text`, or `nil` after recording a violation. Takes every spelling Prefect
  /// takes somewhere, in either case: hyphenated, with any of its four hyphens left out (ids
  /// in Prefect's URL paths), `{hyphenated}` and `urn:uuid:hyphenated` (ids in its bodies).
  mutating func uuid(_ text: String, at field: FieldPath) -> UUID? {
    guard let id = UUID(hyphenated: Self.hyphenatedForm(of: text)) else {
      reject(field, "\(field) must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
      return nil
    }
    return id
  }

  /// `text` without the braces or URN prefix around a hyphenated id, and with the hyphens it
  /// leaves out put back; anything else unchanged, for the hyphenated parse to refuse.
  private static func hyphenatedForm(of text: String) -> String {
    let utf8 = text.utf8
    if utf8.count == 38, utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") {
      return String(text.dropFirst().dropLast())
    }
    if utf8.count == 45, text.hasPrefix("urn:uuid:") {
      return String(text.dropFirst(9))
    }
    guard (32..<36).contains(utf8.count) else { return text }
    // Hex digits in groups of 8, 4, 4, 4 and 12, each of the four hyphens optional.
    var hyphenated: [UInt8] = []
    var bytes = utf8.makeIterator()
    var next = bytes.next()
    for (group, length) in [8, 4, 4, 4, 12].enumerated() {
      if group > 0 {
        hyphenated.append(UInt8(ascii: "-"))
        if next == UInt8(ascii: "-") { next = bytes.next() }
      }
      for _ in 0..<length {
        guard let byte = next, byte != UInt8(ascii: "-") else { return text }
        hyphenated.append(byte)
        next = bytes.next()
      }
    }
    guard next == nil else { return text }
    return String(decoding: hyphenated, as: UTF8.self)
  }

  /// An id field that must be set.
  mutating func requiredUUID(_ text: String, at field: FieldPath) -> UUID? {
    required(text, at: field).isEmpty ? nil : uuid(text, at: field)
  }

  /// An optional id field: absent is `nil`, present must be a UUID.
  mutating func optionalUUID(_ text: String?, at field: FieldPath) -> UUID? {
    text.flatMap { uuid($0, at: field) }
  }

  /// A list of ids; each malformed entry is a violation at its position.
  mutating func uuids(_ texts: [String], at field: FieldPath) -> [UUID] {
    texts.enumerated().compactMap { position, text in uuid(text, at: field.element(position)) }
  }
}
