import SwiftProtobufPluginLibrary

/// What a single value of a field is, seen from both sides: its Swift type and
/// the expressions that convert it to and from its protoc-c representation.
enum FieldKind {
  case scalar(Scalar)
  case enumeration(EnumDescriptor)
  /// A message generated as a Swift struct.
  case message(Descriptor)
  /// A well-known type with a native Swift representation (`Date`, `JSONValue`…).
  case mapped(Descriptor, swiftType: String)
  /// A wrapper type (`StringValue`, `Int32Value`…): an optional of the scalar it wraps.
  case wrapper(Descriptor, Scalar)

  enum Scalar {
    case double, float, int64, uint64, int32, uint32, bool, string, bytes

    var swiftType: String {
      switch self {
      case .double: "Double"
      case .float: "Float"
      case .int64: "Int64"
      case .uint64: "UInt64"
      case .int32: "Int32"
      case .uint32: "UInt32"
      case .bool: "Bool"
      case .string: "String"
      case .bytes: "Data"
      }
    }

    var defaultValue: String {
      switch self {
      case .bool: "false"
      case .string: "\"\""
      case .bytes: "Data()"
      default: "0"
      }
    }
  }

  init(_ field: FieldDescriptor) throws {
    switch field.type {
    case .double: self = .scalar(.double)
    case .float: self = .scalar(.float)
    case .int64, .sint64, .sfixed64: self = .scalar(.int64)
    case .uint64, .fixed64: self = .scalar(.uint64)
    case .int32, .sint32, .sfixed32: self = .scalar(.int32)
    case .uint32, .fixed32: self = .scalar(.uint32)
    case .bool: self = .scalar(.bool)
    case .string: self = .scalar(.string)
    case .bytes: self = .scalar(.bytes)
    case .enum: self = .enumeration(field.enumType)
    case .message:
      let message = field.messageType!
      if let swiftType = Self.mappedTypes[message.fullName] {
        self = .mapped(message, swiftType: swiftType)
      } else if let scalar = Self.wrapperTypes[message.fullName] {
        self = .wrapper(message, scalar)
      } else {
        self = .message(message)
      }
    default:
      throw GeneratorError("\(field.fullName): type \(field.type) is not supported")
    }
  }

  /// Well-known types that have a natural Swift form; they get no struct of their own.
  static let mappedTypes: [String: String] = [
    "google.protobuf.Timestamp": "Date",
    "google.protobuf.Struct": "[String: JSONValue]",
    "google.protobuf.Value": "JSONValue",
    "google.protobuf.ListValue": "[JSONValue]",
  ]

  static let wrapperTypes: [String: Scalar] = [
    "google.protobuf.DoubleValue": .double,
    "google.protobuf.FloatValue": .float,
    "google.protobuf.Int64Value": .int64,
    "google.protobuf.UInt64Value": .uint64,
    "google.protobuf.Int32Value": .int32,
    "google.protobuf.UInt32Value": .uint32,
    "google.protobuf.BoolValue": .bool,
    "google.protobuf.StringValue": .string,
    "google.protobuf.BytesValue": .bytes,
  ]

  /// Whether the message has a Swift form other than a generated struct.
  static func isMapped(_ message: Descriptor) -> Bool {
    mappedTypes[message.fullName] != nil || wrapperTypes[message.fullName] != nil
  }

  func swiftType(_ namer: SwiftProtobufNamer) -> String {
    switch self {
    case .scalar(let scalar): scalar.swiftType
    case .enumeration(let e): namer.swiftName(enum: e)
    case .message(let message): namer.swiftName(message: message)
    case .mapped(_, let swiftType): swiftType
    case .wrapper(_, let scalar): scalar.swiftType
    }
  }

  /// The Swift value of a field that is neither repeated nor able to be absent.
  func defaultValue(_ namer: SwiftProtobufNamer) -> String {
    switch self {
    case .scalar(let scalar): scalar.defaultValue
    case .enumeration(let e): "." + namer.relativeName(enumValue: e.values[0])
    case .message, .mapped, .wrapper: "nil"
    }
  }

  /// Whether a singular field of this kind is a Swift optional (message fields have presence).
  var isOptional: Bool {
    switch self {
    case .message, .mapped, .wrapper: true
    case .scalar, .enumeration: false
    }
  }

  /// An expression that turns the Swift value `value` into its C form, allocating in `arena`.
  func toC(_ value: String) -> String {
    switch self {
    case .scalar(.string): "arena.string(\(value))"
    case .scalar(.bytes): "arena.bytes(\(value))"
    case .scalar(.bool): "(\(value) ? 1 : 0)"
    case .scalar: value
    case .enumeration(let e): "\(CNames.enumName(e))(rawValue: .init(truncatingIfNeeded: \(value).rawValue))"
    case .message, .mapped: "arena.message(\(value))"
    case .wrapper(let wrapper, let scalar):
      "arena.wrapper(\(CNames.functionPrefix(wrapper))__init) { wrapper in wrapper.value = \(FieldKind.scalar(scalar).toC(value)) }"
    }
  }

  /// An expression that reads the C form `value` (never a null pointer) as Swift.
  func fromC(_ value: String, _ namer: SwiftProtobufNamer, field: String) -> String {
    switch self {
    case .scalar(.string): "try WireDecoding.string(\(value), field: \"\(field)\", in: Self.protoMessageName)"
    case .scalar(.bytes): "WireDecoding.bytes(\(value))"
    case .scalar(.bool): "(\(value) != 0)"
    case .scalar: value
    case .enumeration(let e): "\(namer.swiftName(enum: e))(rawValue: Int32(truncatingIfNeeded: \(value).rawValue))"
    case .message, .mapped: "try \(swiftType(namer))(c: \(value))"
    case .wrapper(_, let scalar): FieldKind.scalar(scalar).fromC("\(value).pointee.value", namer, field: field)
    }
  }

  /// The C element type of a repeated field of this kind, as stored in its array.
  var cElementType: String {
    switch self {
    case .scalar(.double): "Double"
    case .scalar(.float): "Float"
    case .scalar(.int64): "Int64"
    case .scalar(.uint64): "UInt64"
    case .scalar(.int32): "Int32"
    case .scalar(.uint32): "UInt32"
    case .scalar(.bool): "protobuf_c_boolean"
    case .scalar(.string): "UnsafeMutablePointer<CChar>?"
    case .scalar(.bytes): "ProtobufCBinaryData"
    case .enumeration(let e): CNames.enumName(e)
    case .message(let m), .mapped(let m, _), .wrapper(let m, _): "UnsafeMutablePointer<\(CNames.structName(m))>?"
    }
  }

  /// Whether reading the C form can throw: strings are checked for UTF-8, messages for their fields.
  var decodingThrows: Bool {
    switch self {
    case .scalar(.string), .message, .mapped, .wrapper(_, .string): true
    case .scalar, .enumeration, .wrapper: false
    }
  }

  /// Whether the C form is a pointer that may be null and must be unwrapped before `fromC`.
  var isPointer: Bool {
    switch self {
    case .scalar(.string), .message, .mapped, .wrapper: true
    default: false
    }
  }
}

struct GeneratorError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
