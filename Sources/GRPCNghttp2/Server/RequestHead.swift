import GRPCCore

/// The request HEADERS of one stream, collected field by field as nghttp2 decodes them.
struct RequestHead {
  var method: String?
  var path: String?
  var contentType: String?
  var encoding: String?
  var acceptEncoding: String?
  var timeout: String?
  var metadata = Metadata()
  /// Bytes counted as HTTP/2 counts them for SETTINGS_MAX_HEADER_LIST_SIZE.
  private(set) var listSize = 0
  private(set) var exceededLimit = false

  private let limit: Int

  init(limit: Int) {
    self.limit = limit
  }

  mutating func add(name: String, value: String) {
    self.listSize += name.utf8.count + value.utf8.count + 32
    if self.listSize > self.limit {
      // Stop keeping fields: the call is refused once the block is complete.
      self.exceededLimit = true
      self.metadata = Metadata()
      return
    }
    switch name {
    case ":method": self.method = value
    case ":path": self.path = value
    case "content-type": self.contentType = value
    case "grpc-encoding": self.encoding = value
    case "grpc-accept-encoding": self.acceptEncoding = value
    case "grpc-timeout":
      self.timeout = value
      MetadataHeaders.receive(name: name, value: value, into: &self.metadata)
    default:
      MetadataHeaders.receive(name: name, value: value, into: &self.metadata)
    }
  }

  /// The method a `:path` of the form `/package.Service/Method` names.
  static func descriptor(path: String) -> MethodDescriptor? {
    let slash = UInt8(ascii: "/")
    let bytes = path.utf8
    guard bytes.first == slash, let separator = bytes.dropFirst().firstIndex(of: slash) else { return nil }
    let service = bytes[bytes.index(after: bytes.startIndex)..<separator]
    let method = bytes[bytes.index(after: separator)...]
    guard !service.isEmpty, !method.isEmpty, !method.contains(slash) else { return nil }
    return MethodDescriptor(
      fullyQualifiedService: String(decoding: service, as: UTF8.self), method: String(decoding: method, as: UTF8.self))
  }
}
