import BatonCore
import Foundation

/// Writes JSON text byte by byte: the format of the store's JSON columns.
///
/// Hand-written because `JSONEncoder` costs ~15 µs per small object, several times the rest of
/// a state write on the single writer thread. Instants are written as integer microseconds
/// since 1970 and ids in lowercase, like the columns that hold them.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsSeparator = false

    init() {
        bytes.reserveCapacity(128)
    }

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes `{`, the members `body` writes through `member(_:)`, then `}`.
    mutating func writeObject(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = needsSeparator
        needsSeparator = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsSeparator = outer
    }

    /// Writes `[`, each element through `writeElement`, then `]`.
    mutating func writeArray<Elements: Sequence>(
        _ elements: Elements, _ writeElement: (inout JSONWriter, Elements.Element) -> Void
    ) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            writeElement(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Starts an object member; write its value next.
    mutating func member(_ key: String) {
        if needsSeparator { bytes.append(UInt8(ascii: ",")) }
        needsSeparator = true
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func writeValue(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let bool): writeBool(bool)
        case .number(let number): writeNumber(number)
        case .string(let string): writeString(string)
        case .array(let elements): writeArray(elements) { $0.writeValue($1) }
        case .object(let members):
            writeObject { writer in
                for (key, member) in members {
                    writer.member(key)
                    writer.writeValue(member)
                }
            }
        }
    }

    mutating func writeNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func writeBool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Integral values print without a fraction; NaN and infinities, which JSON lacks, as null.
    mutating func writeNumber(_ value: Double) {
        if !value.isFinite {
            writeNull()
        } else if value == value.rounded(), abs(value) < 9.0e15 {
            writeInteger(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func writeInteger(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension JSONWriter {
    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key)
        writeString(value)
    }

    mutating func member(_ key: String, _ value: Bool?) {
        guard let value else { return }
        member(key)
        writeBool(value)
    }

    mutating func member(_ key: String, _ value: Int?) {
        guard let value else { return }
        member(key)
        writeInteger(Int64(value))
    }

    mutating func member(_ key: String, _ value: Double?) {
        guard let value else { return }
        member(key)
        writeNumber(value)
    }

    mutating func member(_ key: String, _ value: UUID?) {
        guard let value else { return }
        member(key)
        writeString(value.lowercasedString)
    }

    mutating func member(_ key: String, _ value: Date?) {
        guard let value else { return }
        member(key)
        writeInteger(value.microsecondsSince1970)
    }

    mutating func member(_ key: String, _ value: JSONValue?) {
        guard let value else { return }
        member(key)
        writeValue(value)
    }
}
