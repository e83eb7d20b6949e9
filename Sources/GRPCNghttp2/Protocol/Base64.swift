/// Base64 for binary metadata (`-bin` headers).
///
/// gRPC sends values unpadded and must accept both padded and unpadded ones
/// (PROTOCOL-HTTP2.md, "Custom-Metadata").
enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  private static let decodeTable: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
    // Accept the URL-safe alphabet too; some clients use it.
    table[Int(UInt8(ascii: "-"))] = 62
    table[Int(UInt8(ascii: "_"))] = 63
    return table
  }()

  static func encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index + 3 <= bytes.count {
      let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
      output.append(alphabet[Int(value >> 18 & 63)])
      output.append(alphabet[Int(value >> 12 & 63)])
      output.append(alphabet[Int(value >> 6 & 63)])
      output.append(alphabet[Int(value & 63)])
      index += 3
    }
    let remaining = bytes.count - index
    if remaining == 1 {
      let value = UInt32(bytes[index]) << 16
      output.append(alphabet[Int(value >> 18 & 63)])
      output.append(alphabet[Int(value >> 12 & 63)])
    } else if remaining == 2 {
      let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
      output.append(alphabet[Int(value >> 18 & 63)])
      output.append(alphabet[Int(value >> 12 & 63)])
      output.append(alphabet[Int(value >> 6 & 63)])
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Decodes padded or unpadded base64; nil when `string` is not base64.
  static func decode(_ string: some StringProtocol) -> [UInt8]? {
    var output: [UInt8] = []
    output.reserveCapacity(string.utf8.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    var sawPadding = false
    for byte in string.utf8 {
      if byte == UInt8(ascii: "=") {
        sawPadding = true
        continue
      }
      guard !sawPadding else { return nil }
      let value = decodeTable[Int(byte)]
      guard value != 0xFF else { return nil }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    // A single leftover character carries fewer than 8 bits: not valid base64.
    guard bits < 6 else { return nil }
    return output
  }
}
