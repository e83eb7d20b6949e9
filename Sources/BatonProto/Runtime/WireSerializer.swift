import GRPCCore

/// Serializes Baton messages for GRPCCore with protobuf-c.
public struct WireSerializer<Message: WireMessage>: MessageSerializer {
  public init() {}

  public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
    message.serialized(as: Bytes.self)
  }
}

/// Deserializes Baton messages for GRPCCore with protobuf-c; bytes that are not a valid
/// encoding fail the call with `INVALID_ARGUMENT` naming the message type.
public struct WireDeserializer<Message: WireMessage>: MessageDeserializer {
  public init() {}

  public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
    do {
      return try serializedMessageBytes.withUnsafeBytes { try Message(serializedBytes: $0) }
    } catch {
      throw RPCError(code: .invalidArgument, message: "\(error)")
    }
  }
}
