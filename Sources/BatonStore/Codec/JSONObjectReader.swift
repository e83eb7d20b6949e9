import BatonCore
import Foundation

/// Typed access to the members of a stored JSON object; a missing or null member reads as `nil`,
/// a member of the wrong type throws.
struct JSONObjectReader {
    let members: [String: JSONValue]
    private let what: String

    /// Reads `json`, which must be an object; `what` names it in errors.
    init(_ json: JSONValue, what: String) throws {
        guard case .object(let members) = json else { throw StoreError.internal("stored \(what) is not an object") }
        self.members = members
        self.what = what
    }

    func contains(_ key: String) -> Bool {
        members[key] != nil
    }

    /// The member as stored, JSON null included; `nil` only when absent.
    func value(_ key: String) -> JSONValue? {
        members[key]
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
        guard let member = members[key], member != .null else { return nil }
        guard let value = convert(member) else {
            throw StoreError.internal("stored \(what) has an unexpected value for \(key)")
        }
        return value
    }
}
