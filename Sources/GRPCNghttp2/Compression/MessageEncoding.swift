import GRPCCore

/// A message encoding named by `grpc-encoding` and `grpc-accept-encoding`.
///
/// `identity` is no compression; `gzip` and `deflate` are zlib's formats. Anything else is
/// unknown to this transport and makes a call fail with UNIMPLEMENTED.
enum MessageEncoding: String, Sendable, CaseIterable {
  case identity
  case gzip
  case deflate

  init?(headerValue: String) {
    self.init(token: headerValue.utf8[...])
  }

  /// The encoding a token names, ignoring surrounding spaces and tabs and ASCII case; read as
  /// bytes because every request carries these headers.
  private init?(token: Substring.UTF8View) {
    func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    guard let first = token.firstIndex(where: { !isSpace($0) }), let last = token.lastIndex(where: { !isSpace($0) })
    else { return nil }
    let name = token[first...last]
    let match = Self.allCases.first { encoding in
      encoding.rawValue.utf8.elementsEqual(name) { known, byte in
        known == (UInt8(ascii: "A")...UInt8(ascii: "Z") ~= byte ? byte + 0x20 : byte)
      }
    }
    guard let match else { return nil }
    self = match
  }

  init?(_ algorithm: CompressionAlgorithm) {
    switch algorithm {
    case .gzip: self = .gzip
    case .deflate: self = .deflate
    case .none: self = .identity
    default: return nil
    }
  }

  /// The encodings of a `grpc-accept-encoding` value, in the peer's order.
  static func parseList(_ value: String) -> [MessageEncoding] {
    value.utf8[...].split(separator: UInt8(ascii: ",")).compactMap { MessageEncoding(token: $0) }
  }

  static func headerValue(_ encodings: [MessageEncoding]) -> String {
    encodings.map(\.rawValue).joined(separator: ",")
  }

  /// The encodings of `set`, identity first.
  static func encodings(in set: CompressionAlgorithmSet) -> [MessageEncoding] {
    var encodings: [MessageEncoding] = [.identity]
    if set.contains(.gzip) { encodings.append(.gzip) }
    if set.contains(.deflate) { encodings.append(.deflate) }
    return encodings
  }
}
