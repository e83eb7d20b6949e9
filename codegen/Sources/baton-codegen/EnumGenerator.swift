import SwiftProtobufPluginLibrary

/// Emits a Swift enum for a proto enum. Values this build does not know survive
/// decoding and re-encoding as `UNRECOGNIZED(rawValue)`, as proto3 requires.
struct EnumGenerator {
  let enumeration: EnumDescriptor
  let namer: SwiftProtobufNamer

  func write(to out: inout SourceWriter) {
    // An alias (a second name for a number) gets no case of its own.
    var seenNumbers = Set<Int32>()
    let values = enumeration.values.filter { seenNumbers.insert($0.number).inserted }
    out.comment(enumeration.protoSourceComments())
    out.block(
      "public enum \(namer.relativeName(enum: enumeration)): RawRepresentable, CaseIterable, Hashable, Sendable"
    ) { out in
      for value in values {
        out.comment(value.protoSourceComments())
        out.line("case \(namer.relativeName(enumValue: value))")
      }
      out.line("/// A value that this build of the API does not know.")
      out.line("case UNRECOGNIZED(Int32)")
      out.line()
      out.line("public static let allCases: [Self] = [\(values.map { "." + namer.relativeName(enumValue: $0) }.joined(separator: ", "))]")
      out.line()
      out.block("public init(rawValue: Int32)") { out in
        out.switchBlock("rawValue") { out in
          for value in values {
            out.line("case \(value.number): self = .\(namer.relativeName(enumValue: value))")
          }
          out.line("default: self = .UNRECOGNIZED(rawValue)")
        }
      }
      out.line()
      out.block("public var rawValue: Int32") { out in
        out.switchBlock("self") { out in
          for value in values {
            out.line("case .\(namer.relativeName(enumValue: value)): \(value.number)")
          }
          out.line("case .UNRECOGNIZED(let value): value")
        }
      }
    }
  }
}
