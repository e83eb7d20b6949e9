import CNghttp2

/// An HTTP/2 error code, as carried by RST_STREAM and GOAWAY (RFC 9113 §7).
struct HTTP2ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  var rawValue: UInt32

  init(rawValue: UInt32) {
    self.rawValue = rawValue
  }

  static let noError = Self(rawValue: NGHTTP2_NO_ERROR.rawValue)
  static let protocolError = Self(rawValue: NGHTTP2_PROTOCOL_ERROR.rawValue)
  static let internalError = Self(rawValue: NGHTTP2_INTERNAL_ERROR.rawValue)
  static let flowControlError = Self(rawValue: NGHTTP2_FLOW_CONTROL_ERROR.rawValue)
  static let refusedStream = Self(rawValue: NGHTTP2_REFUSED_STREAM.rawValue)
  static let cancel = Self(rawValue: NGHTTP2_CANCEL.rawValue)
  static let enhanceYourCalm = Self(rawValue: NGHTTP2_ENHANCE_YOUR_CALM.rawValue)

  var description: String {
    String(cString: nghttp2_http2_strerror(self.rawValue))
  }
}
