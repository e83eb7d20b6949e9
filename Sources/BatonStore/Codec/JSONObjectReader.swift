import BatonCore
import Foundation

/// Typed access to the members of a stored JSON object; a missing or null member reads as `nil`,
/// a member of the wrong type throws.
///
/// The members are a list searched by name: the objects the store reads have a handful of
/// members, which hashing into a dictionary would cost more than comparing. Of repeated names
/// the last counts, as when JSON is read into a dictionary.
struct JSONObjectReader {
    private let members: [(key: String, value: JSONValue)]
    private let what: String

    /// Reads `json`, which must be an object; `what` names it in errors.
    init(_ json: JSONValue, what: String) throws {
        guard case .object(let members) = json else { throw StoreError.internal("stored \(what) is not an object") }
        self.members = members.map { ($0.key, $0.value) }
        self.what = what
    }

    /// Reads the object a column's UTF-8 bytes hold.
    init(jsonBytes: UnsafeBufferPointer<UInt8>, what: String) throws {
        self.members = try JSONReader.parseObjectMembers(jsonBytes)
        self.what = what
    }

    func contains(_ key: String) -> Bool {
        value(key) != nil
    }

    /// The member as stored, JSON null included; `nil` only when absent.
    func value(_ key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    func string(_ key: String) throws -> String? {
        try typed(key) { if case .string(let string) = $0 { string } else { nil } }
    }

    func bool(_ key: String) throws -> Bool? {
        try typed(key) { if case .bool(let bool) = $0 { bool } else { nil } }
    }

    func double(_ key: String) throws -> Double? {
        try typed(key) { $0.numberValue }
    }

    func int(_ key: String) throws -> Int? {
        try typed(key) { $0.numberValue.flatMap { Int(exactly: $0) } }
    }

    func uuid(_ key: String) throws -> UUID? {
        try typed(key) { if case .string(let string) = $0 { UUID(hyphenated: string) } else { nil } }
    }

    /// An instant stored as integer microseconds since 1970.
    func date(_ key: String) throws -> Date? {
        try typed(key) { $0.numberValue.flatMap { Int64(exactly: $0) }.map { Date(microsecondsSince1970: $0) } }
    }

    private func typed<Value>(_ key: String, _ convert: (JSONValue) -> Value?) throws -> Value? {
        guard let member = value(key), member != .null else { return nil }
        guard let value = convert(member) else {
            throw StoreError.internal("stored \(what) has an unexpected value for \(key)")
        }
        return value
    }
}
