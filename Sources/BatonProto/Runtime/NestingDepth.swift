import BatonProtoC
import CProtobufC

/// Finds messages nested deeper than protobuf's usual recursion limit before they reach
/// protobuf-c, whose unpacking recurses once per level with no limit of its own: a
/// hostile 4 MiB `Value` nested a million levels deep would otherwise overflow the stack.
enum NestingDepth {
  /// The limit of protobuf's reference implementations.
  static let limit = 100

  /// Whether `bytes`, read as the message `descriptor` describes, nests more than `limit`
  /// levels. Structurally broken input answers false: unpacking then rejects it.
  static func exceedsLimit(
    _ bytes: UnsafeRawBufferPointer,
    descriptor: UnsafePointer<ProtobufCMessageDescriptor>
  ) -> Bool {
    exceeds(bytes, descriptor, depth: 1)
  }

  private static func exceeds(
    _ bytes: UnsafeRawBufferPointer,
    _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
    depth: Int
  ) -> Bool {
    if depth > limit { return true }
    var reader = WireReader(bytes)
    while !reader.isAtEnd {
      guard let tag = reader.varint() else { return false }
      switch tag & 7 {
      case 0:
        guard reader.varint() != nil else { return false }
      case 1:
        guard reader.skip(8) else { return false }
      case 5:
        guard reader.skip(4) else { return false }
      case 2:
        guard let length = reader.varint(), let field = reader.take(length) else { return false }
        if let nested = messageDescriptor(of: UInt32(truncatingIfNeeded: tag >> 3), in: descriptor),
          exceeds(field, nested, depth: depth + 1)
        {
          return true
        }
      default:
        return false
      }
    }
    return false
  }

  private static func messageDescriptor(
    of fieldNumber: UInt32,
    in descriptor: UnsafePointer<ProtobufCMessageDescriptor>
  ) -> UnsafePointer<ProtobufCMessageDescriptor>? {
    guard let field = protobuf_c_message_descriptor_get_field(descriptor, fieldNumber),
      field.pointee.type == PROTOBUF_C_TYPE_MESSAGE
    else { return nil }
    return field.pointee.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
  }
}

/// Reads protobuf's wire format: varints and length-delimited slices.
private struct WireReader {
  private let bytes: UnsafeRawBufferPointer
  private var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var isAtEnd: Bool { offset >= bytes.count }

  mutating func varint() -> UInt64? {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 64, by: 7) {
      guard offset < bytes.count else { return nil }
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7f) << UInt64(shift)
      if byte & 0x80 == 0 { return value }
    }
    return nil
  }

  mutating func skip(_ count: Int) -> Bool {
    guard count <= bytes.count - offset else { return false }
    offset += count
    return true
  }

  mutating func take(_ count: UInt64) -> UnsafeRawBufferPointer? {
    guard count <= UInt64(bytes.count - offset) else { return nil }
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(count)])
    offset += Int(count)
    return slice
  }
}
