import BatonCore

/// Parses JSON text into a `JSONValue`: the reading half of `JSONWriter`.
///
/// Works on the UTF-8 bytes SQLite hands out, so reading a row copies each JSON column once.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value `bytes` hold; throws when they are not exactly one JSON value.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.failure("trailing characters") }
        return value
    }

    /// The members of the object `bytes` hold, in order, without building a dictionary of them;
    /// throws when they are not exactly one JSON object.
    static func parseObjectMembers(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [(key: String, value: JSONValue)] {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        guard try reader.peek() == UInt8(ascii: "{") else { throw reader.failure("expected an object") }
        var members: [(key: String, value: JSONValue)] = []
        try reader.readMembers(depth: 0) { members.append(($0, $1)) }
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.failure("trailing characters") }
        return members
    }

    /// The value `text` holds.
    static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse($0) }
    }

    /// Deeper nesting than this is refused rather than risking the stack.
    private static let maximumDepth = 512

    private mutating func readValue(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("nesting too deep") }
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default: return .number(try readNumber())
        }
    }

    private mutating func readObject(depth: Int) throws -> JSONValue {
        var members: [String: JSONValue] = [:]
        try readMembers(depth: depth) { members[$0] = $1 }
        return .object(members)
    }

    /// Reads the object at `position` (its `{` not yet read), handing each member to `member`.
    private mutating func readMembers(depth: Int, _ member: (String, JSONValue) -> Void) throws {
        position += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try readString()
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            member(key, try readValue(depth: depth + 1))
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func readArray(depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try readValue(depth: depth + 1))
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func readString() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes, so the bytes are the string.
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                defer { position += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            case UInt8(ascii: "\\"):
                return try readEscapedString(from: start)
            default:
                position += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escape = try peek()
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try readUnicodeEscape()).utf8)
                default: throw failure("bad escape")
                }
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining surrogate pairs.
    private mutating func readUnicodeEscape() throws -> Character {
        let first = try readHexQuad()
        if (0xD800..<0xDC00).contains(first), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        {
            position += 2
            let second = try readHexQuad()
            if (0xDC00..<0xE000).contains(second),
                let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            {
                return Character(scalar)
            }
            throw failure("bad surrogate pair")
        }
        // A lone surrogate has no scalar; keep the text readable rather than failing the row.
        return Character(Unicode.Scalar(first) ?? "\u{FFFD}")
    }

    private mutating func readHexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func readNumber() throws -> Double {
        let start = position
        var isIntegral = true
        while position < bytes.count, Self.isNumberByte(bytes[position]) {
            let byte = bytes[position]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isIntegral = false
            }
            position += 1
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        // Integers short enough to be exact take the fast path; everything else goes to strtod.
        if isIntegral, text.count <= 16, let integer = Self.parseInteger(text) {
            return Double(integer)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw failure("bad number") }
        return value
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    private static func parseInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < text.count else { return nil }
        var value: Int64 = 0
        while index < text.count {
            let byte = text[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }

    private mutating func expect(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
            throw failure("unexpected literal")
        }
        position += count
    }

    private func peek() throws -> UInt8 {
        guard position < bytes.count else { throw failure("unexpected end") }
        return bytes[position]
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private func failure(_ reason: String) -> StoreError {
        .internal("stored JSON is malformed at byte \(position): \(reason)")
    }
}
