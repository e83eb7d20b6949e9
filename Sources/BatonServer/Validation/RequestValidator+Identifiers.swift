import BatonStore
import Foundation

extension RequestValidator {
  /// The id in `text` (hyphenated, either case), or `nil` after recording a violation.
  mutating func uuid(_ text: String, at field: FieldPath) -> UUID? {
    // Same strict form as `UUID(uuidString:)`, without its `sscanf`.
    guard let id = UUID(hyphenated: text) else {
      reject(field, "\(field) must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
      return nil
    }
    return id
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
