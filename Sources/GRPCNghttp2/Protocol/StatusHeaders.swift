import GRPCCore

/// The headers that carry a call's final status, and how a client reads a status from
/// headers, HTTP statuses and stream resets.
enum StatusHeaders {
  /// `grpc-status`, `grpc-message` and trailing metadata, as sent in trailers.
  static func trailers(status: Status, metadata: Metadata) -> HeaderList {
    var headers = HeaderList()
    headers.add("grpc-status", String(status.code.rawValue))
    if !status.message.isEmpty {
      headers.add("grpc-message", PercentEncoding.encode(status.message))
    }
    MetadataHeaders.append(metadata, to: &headers)
    return headers
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
