import GRPCCore

/// Conversions between GRPCCore's `Metadata` and HTTP/2 header fields.
///
/// Binary values travel base64-encoded under keys ending in `-bin`; headers that HTTP/2 or
/// gRPC itself own (pseudo-headers, `content-type`, `te`, `grpc-status`…) never become metadata.
enum MetadataHeaders {
  /// Header names the transport sets itself; metadata with these keys is not sent.
  private static let reservedNames: Set<String> = [
    "content-type", "te", "grpc-status", "grpc-message", "grpc-encoding", "grpc-accept-encoding",
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host",
    "content-length",
  ]

  /// Header names received that are not handed to the application as metadata.
  private static let consumedNames: Set<String> = [
    "content-type", "te", "grpc-status", "grpc-message", "grpc-encoding", "grpc-accept-encoding",
    "content-length",
  ]

  /// Appends `metadata` to `headers`, skipping reserved and malformed keys.
  static func append(_ metadata: Metadata, to headers: inout HeaderList) {
    for (key, value) in metadata {
      let name = key.lowercased()
      guard !name.isEmpty, !name.hasPrefix(":"), !Self.reservedNames.contains(name) else { continue }
      switch value {
      case .string(let string):
        headers.add(name, string)
      case .binary(let bytes):
        headers.add(name, Base64.encode(bytes))
      }
    }
  }

  /// Adds one received header to `metadata` unless the transport consumes it.
  static func receive(name: String, value: String, into metadata: inout Metadata) {
    guard !name.hasPrefix(":"), !Self.consumedNames.contains(name) else { return }
    if name.hasSuffix("-bin") {
      // Malformed base64 is dropped rather than failing the call.
      if let bytes = Base64.decode(value) {
        metadata.addBinary(bytes, forKey: name)
      }
    } else {
      metadata.addString(value, forKey: name)
    }
  }
}
