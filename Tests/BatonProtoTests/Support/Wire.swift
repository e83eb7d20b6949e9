/// Hand-built protobuf wire bytes, for inputs no encoder would produce.
enum Wire {
  /// `value` as a base-128 varint (a negative value takes ten bytes, as protobuf sends it).
  static func varint(_ value: Int) -> [UInt8] {
    var value = UInt64(bitPattern: Int64(value))
    var bytes: [UInt8] = []
    repeat {
      bytes.append(UInt8(value & 0x7f) | (value >= 0x80 ? 0x80 : 0))
      value >>= 7
    } while value > 0
    return bytes
  }

  /// A `google.protobuf.Timestamp` with these fields, as the bytes of a `TaskRun.created`
  /// (field 2).
  static func taskRunCreated(seconds: Int, nanos: Int) -> [UInt8] {
    let timestamp = [0x08] + varint(seconds) + [0x10] + varint(nanos)
    return [0x12] + varint(timestamp.count) + timestamp
  }
}
