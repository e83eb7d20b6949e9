/// The `content-type` of gRPC requests and responses.
enum ContentType {
  static let grpc = "application/grpc"

  /// gRPC accepts `application/grpc` and `application/grpc+<format>`, and also a
  /// `;`-parameterised form (PROTOCOL-HTTP2.md, "Content-Type").
  static func isGRPC(_ value: String) -> Bool {
    guard value.hasPrefix(Self.grpc) else { return false }
    let rest = value.dropFirst(Self.grpc.count)
    return rest.isEmpty || rest.hasPrefix("+") || rest.hasPrefix(";")
  }
}
