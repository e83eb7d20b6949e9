import GRPCCore

/// The headers that carry a call's final status, and how a client reads a status from
/// headers, HTTP statuses and stream resets.
enum StatusHeaders {
  /// Clients refuse header blocks over 8 KiB by default (gRPC's metadata limit), and a status
  /// they cannot read leaves the call hanging: `grpc-message` is cut to this many encoded
  /// bytes, and trailing metadata that would take the block past `maxTrailerListSize` is left
  /// out (the status itself always goes).
  static let maxEncodedMessageBytes = 2 * 1024
  static let maxTrailerListSize = 7 * 1024

  /// `grpc-status`, `grpc-message` and trailing metadata, as sent in trailers.
  static func trailers(status: Status, metadata: Metadata) -> HeaderList {
    var headers = HeaderList()
    headers.add("grpc-status", String(status.code.rawValue))
    if !status.message.isEmpty {
      headers.add("grpc-message", Self.encodedMessage(status.message))
    }
    var trailing = HeaderList()
    MetadataHeaders.append(metadata, to: &trailing)
    for field in trailing.fields
    where headers.listSize + field.name.utf8.count + field.value.utf8.count + 32 <= Self.maxTrailerListSize {
      headers.add(field.name, field.value)
    }
    return headers
  }

  /// `message` percent-encoded, cut at a character boundary (and ended with "…") when the
  /// encoding would pass `maxEncodedMessageBytes`.
  static func encodedMessage(_ message: String) -> String {
    let encoded = PercentEncoding.encode(message)
    guard encoded.utf8.count > Self.maxEncodedMessageBytes else { return encoded }
    var kept = 0
    var length = 0
    let ellipsis = PercentEncoding.encode("…").utf8.count
    for character in message {
      let size = PercentEncoding.encode(String(character)).utf8.count
      guard length + size + ellipsis <= Self.maxEncodedMessageBytes else { break }
      length += size
      kept += 1
    }
    return PercentEncoding.encode(String(message.prefix(kept)) + "…")
  }

  /// A status from `grpc-status`/`grpc-message`; nil when `grpc-status` is missing.
  static func status(code: String?, message: String?) -> Status? {
    guard let code, let raw = Int(code) else { return nil }
    let statusCode = Status.Code(rawValue: raw) ?? .unknown
    return Status(code: statusCode, message: message.map(PercentEncoding.decode) ?? "")
  }

  /// The gRPC code for a response whose HTTP status is not 200 and that has no
  /// `grpc-status` (PROTOCOL-HTTP2.md, "HTTP to gRPC Status Code Mapping").
  static func code(forHTTPStatus status: Int) -> Status.Code {
    switch status {
    case 400: .internalError
    case 401: .unauthenticated
    case 403: .permissionDenied
    case 404: .unimplemented
    case 429, 502, 503, 504: .unavailable
    default: .unknown
    }
  }

  /// The status of a stream that the peer reset before it finished.
  static func status(forReset code: HTTP2ErrorCode) -> Status {
    switch code {
    case .cancel:
      Status(code: .cancelled, message: "The stream was cancelled (RST_STREAM CANCEL).")
    case .refusedStream:
      Status(code: .unavailable, message: "The server refused the stream before processing it (REFUSED_STREAM).")
    case .enhanceYourCalm:
      Status(code: .resourceExhausted, message: "The server reset the stream: ENHANCE_YOUR_CALM.")
    default:
      Status(code: .internalError, message: "The stream was reset with HTTP/2 error \(code) (\(code.rawValue)).")
    }
  }
}
