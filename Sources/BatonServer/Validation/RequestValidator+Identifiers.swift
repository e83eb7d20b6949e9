import BatonStore
import Foundation

extension RequestValidator {
  /// The id in `text`, or `nil` after recording a violation. Takes the spellings Prefect's
  /// (pydantic's) UUID parsing takes, in either case: hyphenated, 32 hex digits,
  /// `{hyphenated}` and `urn:uuid:hyphenated`.
  mutating func uuid(_ text: String, at field: FieldPath) -> UUID? {
    guard let id = UUID(hyphenated: Self.hyphenatedForm(of: text)) else {
      reject(field, "\(field) must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
      return nil
    }
    return id
  }

  /// `text` without the braces or URN prefix around a hyphenated id, or with the hyphens put
  /// into 32 bare digits; anything else unchanged, for the hyphenated parse to refuse.
  private static func hyphenatedForm(of text: String) -> String {
    let utf8 = text.utf8
    if utf8.count == 38, utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") {
      return String(text.dropFirst().dropLast())
    }
    if utf8.count == 45, text.hasPrefix("urn:uuid:") {
      return String(text.dropFirst(9))
    }
    guard utf8.count == 32 else { return text }
    var hyphenated = ""
    for (position, character) in text.enumerated() {
      if [8, 12, 16, 20].contains(position) { hyphenated.append("-") }
      hyphenated.append(character)
    }
    return hyphenated
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
