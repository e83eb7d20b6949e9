import CProtobufC
import GRPCCore

/// Packs and unpacks generated messages with libprotobuf-c.
package enum WireCodec {
  package static func encode<Message: CBridgedMessage>(_ message: Message) -> [UInt8] {
    encode(message, as: [UInt8].self)
  }

  package static func encode<Message: CBridgedMessage, Bytes: GRPCContiguousBytes>(
    _ message: Message,
    as type: Bytes.Type
  ) -> Bytes {
    let arena = CArena()
    var c = message.makeC(in: arena)
    return withUnsafePointer(to: &c) { pointer in
      // Every protoc-c struct starts with its ProtobufCMessage header.
      let base = UnsafeRawPointer(pointer).assumingMemoryBound(to: ProtobufCMessage.self)
      let size = protobuf_c_message_get_packed_size(base)
      var bytes = Bytes(repeating: 0, count: size)
      if size > 0 {
        bytes.withUnsafeMutableBytes { buffer in
          _ = protobuf_c_message_pack(base, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
      }
      return bytes
    }
  }

  /// Unpacks `bytes` as the message `descriptor` describes; nil when they are malformed.
  package static func unpack<CStruct>(
    _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
    _ bytes: UnsafeRawBufferPointer
  ) -> UnsafeMutablePointer<CStruct>? {
    let unpacked = protobuf_c_message_unpack(
      descriptor,
      nil,
      bytes.count,
      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    )
    return unpacked.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CStruct.self) }
  }

  package static func decode<Message: CBridgedMessage>(
    _ type: Message.Type,
    from bytes: UnsafeRawBufferPointer
  ) throws -> Message {
    guard let unpacked = Message.unpackC(bytes) else {
      throw WireDecodingError(
        messageType: Message.protoMessageName,
        reason: "the \(bytes.count) bytes are not a valid protobuf encoding of it"
      )
    }
    defer {
      protobuf_c_message_free_unpacked(
        UnsafeMutableRawPointer(unpacked).assumingMemoryBound(to: ProtobufCMessage.self),
        nil
      )
    }
    return try Message(c: unpacked)
  }
}
