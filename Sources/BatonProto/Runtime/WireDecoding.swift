import CProtobufC
import Foundation

/// Reads the parts of an unpacked protoc-c struct that need checking or copying.
package enum WireDecoding {
  /// A string field; protobuf-c does not check UTF-8, so it is checked here.
  package static func string(
    _ pointer: UnsafePointer<CChar>?,
    field: String,
    in messageType: String
  ) throws -> String {
    guard let pointer else { return "" }
    guard let string = String(validatingCString: pointer) else {
      throw WireDecodingError(messageType: messageType, reason: "field \(field) is not valid UTF-8")
    }
    return string
  }

  package static func bytes(_ data: ProtobufCBinaryData) -> Data {
    guard let bytes = data.data, data.len > 0 else { return Data() }
    return Data(bytes: bytes, count: data.len)
  }

  package static func array<Element, Value>(
    _ base: UnsafeMutablePointer<Element>?,
    count: Int,
    _ convert: (Element) throws -> Value
  ) rethrows -> [Value] {
    guard let base, count > 0 else { return [] }
    return try UnsafeBufferPointer(start: base, count: count).map(convert)
  }

  /// A map field: its entries, with later duplicates of a key winning as protobuf specifies.
  package static func map<Entry, Key: Hashable, Value>(
    _ base: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?,
    count: Int,
    _ convert: (Entry) throws -> (Key, Value)
  ) rethrows -> [Key: Value] {
    guard let base, count > 0 else { return [:] }
    var result: [Key: Value] = [:]
    for entry in UnsafeBufferPointer(start: base, count: count) {
      guard let entry else { continue }
      let (key, value) = try convert(entry.pointee)
      result[key] = value
    }
    return result
  }

  /// An element of a repeated message field, which protobuf-c never leaves null.
  package static func required<T>(
    _ pointer: UnsafeMutablePointer<T>?,
    field: String,
    in messageType: String
  ) throws -> UnsafeMutablePointer<T> {
    guard let pointer else {
      throw WireDecodingError(messageType: messageType, reason: "field \(field) has a missing element")
    }
    return pointer
  }
}
