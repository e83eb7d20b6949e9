import CProtobufC

/// A Swift value with a protoc-c struct as its C form.
///
/// Generated messages conform, and so do the Swift types that stand for well-known
/// types (`Date` for `Timestamp`, `JSONValue` for `Value`, `String` for `StringValue`…).
package protocol CBridged {
  associatedtype CStruct

  /// The C form of the value; its pointers refer to memory owned by `arena`.
  func makeC(in arena: CArena) -> CStruct

  /// Reads a value from its C form.
  init(c pointer: UnsafePointer<CStruct>) throws
}

/// A generated message: a ``CBridged`` value that protobuf-c can also pack and unpack.
package protocol CBridgedMessage: CBridged, WireMessage {
  /// The protoc-c descriptor of the message, which drives protobuf-c's unpacking.
  static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> { get }
}
