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

  package static func decode<Message: CBridgedMessage>(
    _ type: Message.Type,
    from bytes: UnsafeRawBufferPointer
  ) throws -> Message {
    if let problem = WirePrecheck.problem(in: bytes, descriptor: Message.cDescriptor) {
      throw WireDecodingError(messageType: Message.protoMessageName, reason: problem)
    }
    // protobuf-c allocates the unpacked message from the arena, and everything is freed at
    // once when the arena goes: no per-field malloc and free.
    let arena = CArena()
    var allocator = ProtobufCAllocator(
      alloc: { arena, size in Unmanaged<CArena>.fromOpaque(arena!).takeUnretainedValue().allocateBytes(size) },
      free: { _, _ in },
      allocator_data: Unmanaged.passUnretained(arena).toOpaque()
    )
    let unpacked = withExtendedLifetime(arena) {
      protobuf_c_message_unpack(
        Message.cDescriptor,
        &allocator,
        bytes.count,
        bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
      )
    }
    guard let unpacked else {
      throw WireDecodingError(
        messageType: Message.protoMessageName,
        reason: "the \(bytes.count) bytes are not a valid protobuf encoding of it"
      )
    }
    return try Message(c: UnsafeRawPointer(unpacked).assumingMemoryBound(to: Message.CStruct.self))
  }
}
