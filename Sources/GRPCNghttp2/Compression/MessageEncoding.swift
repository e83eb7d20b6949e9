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
    self.init(rawValue: headerValue.trimmingASCIISpaces().lowercased())
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
    value.split(separator: ",").compactMap { MessageEncoding(headerValue: String($0)) }
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

extension String {
  fileprivate func trimmingASCIISpaces() -> Substring {
    var slice = self[...]
    while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
    while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
    return slice
  }
}
