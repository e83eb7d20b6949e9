import BatonProtoC
import CProtobufC
import Foundation

// The Swift forms of the well-known types that Baton's API uses. Generated messages
// refer to these through `CBridged`, so each conversion lives only here.

// MARK: - Timestamp

extension Date: CBridged {
  /// Seconds between 1970 and 2001, the reference date of `Date`.
  private static let unixToReference: Int64 = 978_307_200

  /// Baton keeps Prefect's microsecond precision: an instant is rounded to the
  /// nearest microsecond on the wire, which also makes the round trip exact. An instant
  /// past protobuf's last second (a `Date` holds year 9999 only to about 30 µs) is sent
  /// as that second's last microsecond, never as year 10000.
  package func makeC(in arena: CArena) -> Google__Protobuf__Timestamp {
    let sinceReference = timeIntervalSinceReferenceDate
    var seconds = Int64(sinceReference.rounded(.down)) + Self.unixToReference
    var micros = Int32(((sinceReference - sinceReference.rounded(.down)) * 1_000_000).rounded())
    if micros >= 1_000_000 {
      seconds += 1
      micros -= 1_000_000
    }
    if seconds > Self.validSeconds.upperBound {
      seconds = Self.validSeconds.upperBound
      micros = 999_999
    }
    var c = Google__Protobuf__Timestamp()
    google__protobuf__timestamp__init(&c)
    c.seconds = seconds
    c.nanos = micros * 1_000
    return c
  }

  /// The range protobuf allows for a Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
  private static let validSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

  package init(c pointer: UnsafePointer<Google__Protobuf__Timestamp>) throws {
    let c = pointer.pointee
    guard Self.validSeconds.contains(c.seconds) else {
      throw WireDecodingError(
        messageType: "google.protobuf.Timestamp",
        reason: "seconds \(c.seconds) is outside 0001-01-01 to 9999-12-31"
      )
    }
    guard (0..<1_000_000_000).contains(c.nanos) else {
      throw WireDecodingError(messageType: "google.protobuf.Timestamp", reason: "nanos \(c.nanos) is out of range")
    }
    // Digits past the microsecond are dropped, as Prefect's (pydantic's) timestamp parsing does.
    let micros = Double(c.nanos / 1_000)
    self.init(timeIntervalSinceReferenceDate: Double(c.seconds - Self.unixToReference) + micros / 1_000_000)
  }
}

// MARK: - Struct, Value, ListValue

extension JSONValue: CBridged {
  package func makeC(in arena: CArena) -> Google__Protobuf__Value {
    var c = Google__Protobuf__Value()
    google__protobuf__value__init(&c)
    switch self {
    case .null:
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NULL_VALUE
      c.null_value = GOOGLE__PROTOBUF__NULL_VALUE__NULL_VALUE
    case .number(let number):
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE
      c.number_value = number
    case .string(let string):
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE
      c.string_value = arena.string(string)
    case .bool(let bool):
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE
      c.bool_value = bool ? 1 : 0
    case .object(let object):
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE
      c.struct_value = arena.message(object)
    case .array(let array):
      c.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE
      c.list_value = arena.message(array)
    }
    return c
  }

  /// A `Value` with no kind set reads as null. A number must be finite: a `Value` is JSON,
  /// which has no NaN or infinity (protobuf's JSON mapping refuses them too), and Baton
  /// stores and returns these values as JSON.
  package init(c pointer: UnsafePointer<Google__Protobuf__Value>) throws {
    let c = pointer.pointee
    switch c.kind_case {
    case GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE:
      guard c.number_value.isFinite else {
        throw WireDecodingError(
          messageType: "google.protobuf.Value", reason: "number_value \(c.number_value) is not a JSON number")
      }
      self = .number(c.number_value)
    case GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE:
      self = .string(try WireDecoding.string(c.string_value, field: "string_value", in: "google.protobuf.Value"))
    case GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE:
      self = .bool(c.bool_value != 0)
    case GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE:
      self = .object(try c.struct_value.map { try [String: JSONValue](c: $0) } ?? [:])
    case GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE:
      self = .array(try c.list_value.map { try [JSONValue](c: $0) } ?? [])
    default:
      self = .null
    }
  }
}

extension Dictionary: CBridged where Key == String, Value == JSONValue {
  package func makeC(in arena: CArena) -> Google__Protobuf__Struct {
    var c = Google__Protobuf__Struct()
    google__protobuf__struct__init(&c)
    c.n_fields = count
    c.fields = arena.array(sorted { $0.key < $1.key }) { field -> UnsafeMutablePointer<Google__Protobuf__Struct__FieldsEntry>? in
      let entry = arena.allocate(Google__Protobuf__Struct__FieldsEntry.self)
      google__protobuf__struct__fields_entry__init(entry)
      entry.pointee.key = arena.string(field.key)
      entry.pointee.value = arena.message(field.value)
      return entry
    }
    return c
  }

  package init(c pointer: UnsafePointer<Google__Protobuf__Struct>) throws {
    let c = pointer.pointee
    self = try WireDecoding.map(c.fields, count: c.n_fields) { entry in
      (
        try WireDecoding.string(entry.key, field: "fields", in: "google.protobuf.Struct"),
        try entry.value.map { try JSONValue(c: $0) } ?? .null
      )
    }
  }
}

extension Array: CBridged where Element == JSONValue {
  package func makeC(in arena: CArena) -> Google__Protobuf__ListValue {
    var c = Google__Protobuf__ListValue()
    google__protobuf__list_value__init(&c)
    c.n_values = count
    c.values = arena.array(self) { value -> UnsafeMutablePointer<Google__Protobuf__Value>? in arena.message(value) }
    return c
  }

  package init(c pointer: UnsafePointer<Google__Protobuf__ListValue>) throws {
    let c = pointer.pointee
    self = try WireDecoding.array(c.values, count: c.n_values) { value in
      try JSONValue(c: WireDecoding.required(value, field: "values", in: "google.protobuf.ListValue"))
    }
  }
}
