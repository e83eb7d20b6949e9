import GRPCCore

/// A response HEADERS block (or trailers), collected field by field.
struct ResponseHead {
  var httpStatus: String?
  var contentType: String?
  var encoding: String?
  var grpcStatus: String?
  var grpcMessage: String?
  var metadata = Metadata()
  private(set) var listSize = 0
  private(set) var exceededLimit = false
  private let limit: Int

  init(limit: Int) {
    self.limit = limit
  }

  mutating func add(name: String, value: String) {
    self.listSize += name.utf8.count + value.utf8.count + 32
    guard self.listSize <= self.limit else {
      self.exceededLimit = true
      return
    }
    switch name {
    case ":status": self.httpStatus = value
    case "content-type": self.contentType = value
    case "grpc-encoding": self.encoding = value
    case "grpc-status": self.grpcStatus = value
    case "grpc-message": self.grpcMessage = value
    default: MetadataHeaders.receive(name: name, value: value, into: &self.metadata)
    }
  }

  /// The call's status when these headers end the stream.
  func finalStatus() -> Status {
    if self.exceededLimit {
      return Status(code: .resourceExhausted, message: "The response headers exceed the limit of \(self.limit) bytes.")
    }
    if let status = StatusHeaders.status(code: self.grpcStatus, message: self.grpcMessage) {
      return status
    }
    if let http = self.httpStatus.flatMap(Int.init), http != 200 {
      return Status(code: StatusHeaders.code(forHTTPStatus: http), message: "HTTP status \(http) without grpc-status.")
    }
    return Status(code: .internalError, message: "The response ended without grpc-status.")
  }
}
