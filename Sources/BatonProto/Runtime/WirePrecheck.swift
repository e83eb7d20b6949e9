import BatonProtoC
import CProtobufC

/// Checks bytes for what protobuf-c would mishandle, before they reach it:
///
/// - nesting deeper than protobuf's usual recursion limit: protobuf-c unpacks recursively
///   with no limit, so a hostile 4 MiB `Value` nested a million levels deep would overflow the
///   stack;
/// - a string containing U+0000: protobuf-c hands strings over NUL-terminated, so the rest
///   would be silently cut off (two different task keys would read as one).
enum WirePrecheck {
  /// The nesting limit of protobuf's reference implementations.
  static let nestingLimit = 100

  /// Why the bytes are refused; nil when protobuf-c may unpack them. Structurally broken input
  /// passes: unpacking then rejects it.
  static func problem(
    in bytes: UnsafeRawBufferPointer,
    descriptor: UnsafePointer<ProtobufCMessageDescriptor>
  ) -> String? {
    problem(in: bytes, descriptor, depth: 1)
  }

  private static func problem(
    in bytes: UnsafeRawBufferPointer,
    _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
    depth: Int
  ) -> String? {
    if depth > nestingLimit { return "messages are nested more than \(nestingLimit) levels deep" }
    var reader = WireReader(bytes)
    while !reader.isAtEnd {
      guard let tag = reader.varint() else { return nil }
      switch tag & 7 {
      case 0:
        guard reader.varint() != nil else { return nil }
      case 1:
        guard reader.skip(8) else { return nil }
      case 5:
        guard reader.skip(4) else { return nil }
      case 2:
        guard let length = reader.varint(), let value = reader.take(length) else { return nil }
        guard let field = protobuf_c_message_descriptor_get_field(descriptor, UInt32(truncatingIfNeeded: tag >> 3))
        else { continue }
        switch field.pointee.type {
        case PROTOBUF_C_TYPE_MESSAGE:
          let nested = field.pointee.descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
          if let problem = problem(in: value, nested, depth: depth + 1) { return problem }
        case PROTOBUF_C_TYPE_STRING where value.contains(0):
          return "field \(String(cString: field.pointee.name)) contains a NUL character (U+0000)"
        default:
          continue
        }
      default:
        return nil
      }
    }
    return nil
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
