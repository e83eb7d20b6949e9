/// A minimal reader of the protobuf wire format: just enough to walk descriptor protos
/// (varints and length-delimited fields) without compiling `descriptor.proto`.
struct ProtoWireReader {
  enum Failure: Error {
    case truncated
    case unsupportedWireType(UInt64)
  }

  /// One field: its number and, for length-delimited fields, its bytes.
  enum Value {
    case varint(UInt64)
    case bytes(ArraySlice<UInt8>)
    case fixed
  }

  private let bytes: ArraySlice<UInt8>
  private var index: Int

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    self.index = bytes.startIndex
  }

  /// The next field, or nil at the end of the message.
  mutating func next() throws -> (number: UInt64, value: Value)? {
    guard self.index < self.bytes.endIndex else { return nil }
    let key = try self.varint()
    let number = key >> 3
    switch key & 7 {
    case 0:
      return (number, .varint(try self.varint()))
    case 1:
      try self.skip(8)
      return (number, .fixed)
    case 2:
      let length = Int(try self.varint())
      guard length >= 0, self.bytes.endIndex - self.index >= length else { throw Failure.truncated }
      defer { self.index += length }
      return (number, .bytes(self.bytes[self.index..<(self.index + length)]))
    case 5:
      try self.skip(4)
      return (number, .fixed)
    case let type:
      throw Failure.unsupportedWireType(type)
    }
  }

  private mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while self.index < self.bytes.endIndex, shift < 64 {
      let byte = self.bytes[self.index]
      self.index += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    throw Failure.truncated
  }

  private mutating func skip(_ count: Int) throws {
    guard self.bytes.endIndex - self.index >= count else { throw Failure.truncated }
    self.index += count
  }
}

extension ArraySlice<UInt8> {
  var descriptorString: String { String(decoding: self, as: UTF8.self) }
}
