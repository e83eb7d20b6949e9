import GRPCCore

/// A protobuf message of Baton's API as a Swift value.
///
/// Each message type is generated from `proto/` by `codegen/generate`. Its fields are plain
/// Swift properties (wrapper types as optionals, `Timestamp` as `Date`, `Struct`/`Value` as
/// ``JSONValue``); encoding and decoding go through the protoc-c generated C code and
/// libprotobuf-c, so the wire format is exactly protobuf's.
public protocol WireMessage: Sendable, Equatable {
  /// The message's full protobuf name, such as `baton.v1.TaskRun`.
  static var protoMessageName: String { get }

  /// A message with every field at its default.
  init()

  /// Decodes a message from its protobuf encoding.
  ///
  /// - Throws: ``WireDecodingError`` when the bytes are not a valid encoding of this message.
  init(serializedBytes bytes: UnsafeRawBufferPointer) throws

  /// The protobuf encoding of the message.
  func serializedBytes() -> [UInt8]

  /// The protobuf encoding of the message, written into a new buffer of type `Bytes`.
  func serialized<Bytes: GRPCContiguousBytes>(as type: Bytes.Type) -> Bytes
}

extension WireMessage {
  /// Decodes a message from its protobuf encoding.
  public init(serializedBytes bytes: some Sequence<UInt8>) throws {
    let array = Array(bytes)
    self = try array.withUnsafeBytes { try Self(serializedBytes: $0) }
  }
}

extension WireMessage {
  /// A message built by setting fields on a default one, as swift-protobuf's `with` does:
  /// `Baton_V1_ReadTaskRunRequest.with { $0.id = id }`.
  public static func with(_ populate: (inout Self) throws -> Void) rethrows -> Self {
    var message = Self()
    try populate(&message)
    return message
  }
}
