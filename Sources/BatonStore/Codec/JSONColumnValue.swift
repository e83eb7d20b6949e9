import BatonCore
import Foundation

/// A value the store keeps in a JSON text column: how it is written and read back.
///
/// Keys are Prefect's snake_case names, as in BatonCore's `Codable` conformances, so the
/// columns read like Prefect's.
protocol JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter)
    init(json: JSONValue) throws
    /// Reads the value back from a column's UTF-8 bytes.
    init(jsonBytes: UnsafeBufferPointer<UInt8>) throws
}

/// A value stored as a JSON object of named members, read member by member.
protocol JSONObjectColumnValue: JSONColumnValue {
    /// What the object is, for error messages.
    static var storedName: String { get }
    init(object: JSONObjectReader) throws
}

extension JSONObjectColumnValue {
    init(json: JSONValue) throws {
        try self.init(object: JSONObjectReader(json, what: Self.storedName))
    }

    /// Reads the members straight from the bytes, with no dictionary in between.
    init(jsonBytes: UnsafeBufferPointer<UInt8>) throws {
        try self.init(object: JSONObjectReader(jsonBytes: jsonBytes, what: Self.storedName))
    }
}

extension JSONColumnValue {
    /// The JSON text stored for this value.
    var jsonText: String {
        var writer = JSONWriter()
        writeJSON(to: &writer)
        return writer.text
    }

    init(jsonBytes: UnsafeBufferPointer<UInt8>) throws {
        try self.init(json: JSONReader.parse(jsonBytes))
    }

    init(jsonText: String) throws {
        try self.init(json: JSONReader.parse(jsonText))
    }
}

extension SQLiteRow {
    /// The JSON column at `column`, decoded.
    func json<Value: JSONColumnValue>(_ column: Int32, as type: Value.Type = Value.self) throws -> Value {
        try withUTF8(column) { try Value(jsonBytes: $0) }
    }

    /// The JSON column at `column`, or `nil` when it is SQL NULL.
    func optionalJSON<Value: JSONColumnValue>(_ column: Int32, as type: Value.Type = Value.self) throws -> Value? {
        isNull(column) ? nil : try json(column, as: type)
    }
}

extension JSONValue: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeValue(self)
    }

    init(json: JSONValue) {
        self = json
    }
}

extension String: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeString(self)
    }

    init(json: JSONValue) throws {
        guard case .string(let string) = json else { throw StoreError.internal("stored JSON: expected a string") }
        self = string
    }
}

extension UUID: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeString(lowercasedString)
    }

    init(json: JSONValue) throws {
        guard case .string(let string) = json, let uuid = UUID(hyphenated: string) else {
            throw StoreError.internal("stored JSON: expected a UUID")
        }
        self = uuid
    }
}

extension Array: JSONColumnValue where Element: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeArray(self) { writer, element in element.writeJSON(to: &writer) }
    }

    init(json: JSONValue) throws {
        guard case .array(let elements) = json else { throw StoreError.internal("stored JSON: expected an array") }
        self = try elements.map(Element.init(json:))
    }
}

extension Dictionary: JSONColumnValue where Key == String, Value: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            for (key, value) in self {
                writer.member(key)
                value.writeJSON(to: &writer)
            }
        }
    }

    init(json: JSONValue) throws {
        guard case .object(let members) = json else { throw StoreError.internal("stored JSON: expected an object") }
        self = try members.mapValues(Value.init(json:))
    }
}
