import NIOCore

/// Writes gRPC length-prefixed messages, compressing them when an encoding is chosen.
enum GRPCMessageFramer {
  private static let allocator = ByteBufferAllocator()

  /// `message` behind its 5-byte prefix; compressed with `encoding` unless it is nil or identity.
  static func frame(_ message: [UInt8], encoding: MessageEncoding?) throws -> ByteBuffer {
    let compress = encoding != nil && encoding != .identity
    let payload = compress ? try Zlib.compress(message, encoding: encoding!) : message
    var buffer = Self.allocator.buffer(capacity: payload.count + 5)
    buffer.writeInteger(UInt8(compress ? 1 : 0))
    buffer.writeInteger(UInt32(payload.count))
    buffer.writeBytes(payload)
    return buffer
  }
}
