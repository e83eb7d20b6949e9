import SwiftProtobufPluginLibrary

/// Emits a Swift struct for a proto message, plus its bridge to the protoc-c struct:
/// `makeC(in:)` builds the C form for packing, `init(c:)` reads an unpacked one.
struct MessageGenerator {
  let message: Descriptor
  let namer: SwiftProtobufNamer

  private var swiftName: String { namer.swiftName(message: message) }
  private var relativeName: String { namer.relativeName(message: message) }
  private var cStruct: String { CNames.structName(message) }

  /// The fields that are not members of a oneof, in declaration order.
  private var plainFields: [FieldDescriptor] {
    message.fields.filter { $0.realContainingOneof == nil }
  }

  private var oneofs: [OneofDescriptor] {
    message.realOneofs
  }

  /// Messages generated as Swift structs: not map entries, not mapped well-known types.
  static func isGenerated(_ message: Descriptor) -> Bool {
    !message.options.mapEntry && !FieldKind.isMapped(message)
  }

  func writeDeclaration(to out: inout SourceWriter) throws {
    out.comment(message.protoSourceComments())
    try out.block("public struct \(relativeName): WireMessage") { out in
      out.line("public static let protoMessageName = \"\(message.fullName)\"")
      for field in plainFields {
        out.line()
        out.comment(field.protoSourceComments())
        out.line("public var \(propertyName(field)): \(try swiftType(field)) = \(try defaultValue(field))")
      }
      for oneof in oneofs {
        out.line()
        out.comment(oneof.protoSourceComments())
        out.line("public var \(namer.messagePropertyName(oneof: oneof).name): \(namer.relativeName(oneof: oneof))? = nil")
      }
      for oneof in oneofs {
        out.line()
        try writeOneofEnum(oneof, to: &out)
      }
      out.line()
      out.line("public init() {}")
      out.line()
      out.line("public func serializedBytes() -> [UInt8] { WireCodec.encode(self) }")
      out.line()
      out.block("public func serialized<Bytes: GRPCContiguousBytes>(as type: Bytes.Type) -> Bytes") { out in
        out.line("WireCodec.encode(self, as: type)")
      }
      out.line()
      out.block("public init(serializedBytes bytes: UnsafeRawBufferPointer) throws") { out in
        out.line("self = try WireCodec.decode(Self.self, from: bytes)")
      }
      for nested in message.enums {
        out.line()
        EnumGenerator(enumeration: nested, namer: namer).write(to: &out)
      }
      for nested in message.messages where Self.isGenerated(nested) {
        out.line()
        try MessageGenerator(message: nested, namer: namer).writeDeclaration(to: &out)
      }
    }
  }

  /// The bridge is written at file scope, after all declarations.
  func writeBridge(to out: inout SourceWriter) throws {
    try out.block("extension \(swiftName): CBridgedMessage") { out in
      out.line("package static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> { \(CNames.functionPrefix(message))__descriptor_address() }")
      out.line()
      try out.block("package func makeC(in arena: CArena) -> \(cStruct)") { out in
        out.line("var c = \(cStruct)()")
        out.line("\(CNames.functionPrefix(message))__init(&c)")
        for field in plainFields {
          try writeEncode(field, to: &out)
        }
        for oneof in oneofs {
          try writeEncode(oneof, to: &out)
        }
        out.line("return c")
      }
      out.line()
      try out.block("package init(c pointer: UnsafePointer<\(cStruct)>) throws") { out in
        out.line("self.init()")
        if !message.fields.isEmpty {
          out.line("let c = pointer.pointee")
        }
        for field in plainFields {
          try writeDecode(field, to: &out)
        }
        for oneof in oneofs {
          try writeDecode(oneof, to: &out)
        }
      }
    }
    for nested in message.messages where Self.isGenerated(nested) {
      out.line()
      try MessageGenerator(message: nested, namer: namer).writeBridge(to: &out)
    }
  }

  // MARK: - Declarations

  private func propertyName(_ field: FieldDescriptor) -> String {
    namer.messagePropertyNames(field: field, prefixed: "_", includeHasAndClear: false).name
  }

  private func swiftType(_ field: FieldDescriptor) throws -> String {
    if field.isMap {
      let (key, value) = field.messageType.mapKeyAndValue!
      return "[\(try FieldKind(key).swiftType(namer)): \(try FieldKind(value).swiftType(namer))]"
    }
    let kind = try FieldKind(field)
    if field.isRepeated { return "[\(kind.swiftType(namer))]" }
    return kind.isOptional ? kind.swiftType(namer) + "?" : kind.swiftType(namer)
  }

  private func defaultValue(_ field: FieldDescriptor) throws -> String {
    if field.isMap { return "[:]" }
    if field.isRepeated { return "[]" }
    return try FieldKind(field).defaultValue(namer)
  }

  private func writeOneofEnum(_ oneof: OneofDescriptor, to out: inout SourceWriter) throws {
    try out.block("public enum \(namer.relativeName(oneof: oneof)): Equatable, Sendable") { out in
      for field in oneof.fields {
        out.comment(field.protoSourceComments())
        out.line("case \(propertyName(field))(\(try FieldKind(field).swiftType(namer)))")
      }
    }
  }

  // MARK: - Encoding

  private func writeEncode(_ field: FieldDescriptor, to out: inout SourceWriter) throws {
    let property = "self." + propertyName(field)
    let member = "c." + CNames.member(field)
    if field.isMap {
      try writeMapEncode(field, property: property, member: member, to: &out)
      return
    }
    let kind = try FieldKind(field)
    if field.isRepeated {
      out.line("c.n_\(CNames.member(field)) = \(property).count")
      out.line("\(member) = arena.array(\(property)) { (value) -> \(kind.cElementType) in \(kind.toC("value")) }")
    } else if kind.isOptional {
      out.line("\(member) = \(property).map { value in \(kind.toC("value")) }")
    } else {
      out.line("\(member) = \(kind.toC(property))")
    }
  }

  private func writeMapEncode(
    _ field: FieldDescriptor,
    property: String,
    member: String,
    to out: inout SourceWriter
  ) throws {
    let entry = field.messageType!
    let (key, value) = entry.mapKeyAndValue!
    let keyKind = try FieldKind(key)
    let valueKind = try FieldKind(value)
    if case .scalar(.bool) = keyKind {
      throw GeneratorError("\(field.fullName): maps with bool keys are not supported")
    }
    let entryStruct = CNames.structName(entry)
    out.line("c.n_\(CNames.member(field)) = \(property).count")
    // Keys are written in order so that encoding is deterministic.
    out.opened(
      "\(member) = arena.array(\(property).sorted { $0.key < $1.key }) { entry -> UnsafeMutablePointer<\(entryStruct)>? in"
    ) { out in
      out.line("let pointer = arena.allocate(\(entryStruct).self)")
      out.line("\(CNames.functionPrefix(entry))__init(pointer)")
      out.line("pointer.pointee.key = \(keyKind.toC("entry.key"))")
      out.line("pointer.pointee.value = \(valueKind.toC("entry.value"))")
      out.line("return pointer")
    }
  }

  private func writeEncode(_ oneof: OneofDescriptor, to out: inout SourceWriter) throws {
    let property = "self." + namer.messagePropertyName(oneof: oneof).name
    try out.switchBlock(property) { out in
      for field in oneof.fields {
        let kind = try FieldKind(field)
        out.line("case .\(propertyName(field))(let value)?:")
        out.line("  c.\(CNames.oneofCaseMember(oneof)) = \(CNames.oneofCaseType(oneof))(rawValue: \(field.number))")
        out.line("  c.\(CNames.member(field)) = \(kind.toC("value"))")
      }
      out.line("case nil:")
      out.line("  break")
    }
  }

  // MARK: - Decoding

  private func writeDecode(_ field: FieldDescriptor, to out: inout SourceWriter) throws {
    let property = "self." + propertyName(field)
    let member = "c." + CNames.member(field)
    let count = "c.n_" + CNames.member(field)
    if field.isMap {
      let (key, value) = field.messageType.mapKeyAndValue!
      let keyKind = try FieldKind(key)
      let valueKind = try FieldKind(value)
      // An entry without a value holds the value type's default.
      let valueExpression: String
      if case .message = valueKind {
        valueExpression = "try entry.value.map { \(valueKind.fromC("$0", namer, field: field.name)) } ?? .init()"
      } else {
        valueExpression = valueKind.fromC("entry.value", namer, field: field.name)
      }
      let mapTry = keyKind.decodingThrows || valueKind.decodingThrows ? "try " : ""
      out.line("\(property) = \(mapTry)WireDecoding.map(\(member), count: \(count)) { entry in")
      out.line("  (\(keyKind.fromC("entry.key", namer, field: field.name)), \(valueExpression))")
      out.line("}")
      return
    }
    let kind = try FieldKind(field)
    if field.isRepeated {
      let element = kind.isPointer && kind.cElementType != "UnsafeMutablePointer<CChar>?"
        ? kind.fromC("WireDecoding.required(value, field: \"\(field.name)\", in: Self.protoMessageName)", namer, field: field.name)
        : kind.fromC("value", namer, field: field.name)
      let arrayTry = kind.decodingThrows ? "try " : ""
      out.line("\(property) = \(arrayTry)WireDecoding.array(\(member), count: \(count)) { value in \(element) }")
    } else if kind.isOptional {
      let mapTry = kind.decodingThrows ? "try " : ""
      out.line("\(property) = \(mapTry)\(member).map { \(kind.fromC("$0", namer, field: field.name)) }")
    } else {
      out.line("\(property) = \(kind.fromC(member, namer, field: field.name))")
    }
  }

  private func writeDecode(_ oneof: OneofDescriptor, to out: inout SourceWriter) throws {
    let property = "self." + namer.messagePropertyName(oneof: oneof).name
    try out.switchBlock("c.\(CNames.oneofCaseMember(oneof)).rawValue") { out in
      for field in oneof.fields {
        let kind = try FieldKind(field)
        let member = "c." + CNames.member(field)
        out.line("case \(field.number):")
        if kind.isOptional {
          let mapTry = kind.decodingThrows ? "try " : ""
          out.line("  \(property) = \(mapTry)\(member).map { .\(propertyName(field))(\(kind.fromC("$0", namer, field: field.name))) }")
        } else {
          out.line("  \(property) = .\(propertyName(field))(\(kind.fromC(member, namer, field: field.name)))")
        }
      }
      out.line("default:")
      out.line("  break")
    }
  }
}
