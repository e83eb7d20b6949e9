import Foundation

extension UUID {
    /// Parses the hyphenated form (either case) from UTF-8 bytes; `nil` for anything else.
    ///
    /// Reads ids straight from SQLite's column buffer, with no intermediate `String`.
    init?(hyphenatedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &raw) { output -> Bool in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard bytes[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = Self.hexValue(bytes[position]), let low = Self.hexValue(bytes[position + 1]) else {
                    return false
                }
                output[index] = high << 4 | low
                position += 2
            }
            return true
        }
        guard parsed else { return nil }
        self.init(uuid: raw)
    }

    /// Parses the hyphenated form of `text`; like `UUID(uuidString:)`, which goes through `sscanf`.
    public init?(hyphenated text: String) {
        var text = text
        guard let uuid = text.withUTF8({ UUID(hyphenatedUTF8: $0) }) else { return nil }
        self = uuid
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
