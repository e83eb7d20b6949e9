import SwiftProtobufPluginLibrary

/// The C identifiers that protoc-c 1.4 gives a proto declaration.
///
/// protoc-c derives every name from the proto full name with a few fixed rules;
/// they are reproduced here so that the generated Swift can name the C structs,
/// members and functions directly. A mismatch shows up as a compile error.
enum CNames {
  /// `baton.v1.TaskRun` → `Baton__V1__TaskRun`.
  static func structName(_ message: Descriptor) -> String {
    fullNameToC(message.fullName)
  }

  /// `baton.v1.StateType` → `Baton__V1__StateType`.
  static func enumName(_ e: EnumDescriptor) -> String {
    fullNameToC(e.fullName)
  }

  /// `baton.v1.TaskRun` → `baton__v1__task_run`, the prefix of its functions.
  static func functionPrefix(_ message: Descriptor) -> String {
    message.fullName.split(separator: ".").map { camelToLower(String($0)) }.joined(separator: "__")
  }

  /// The struct member of a field: the lower-cased name, with `_` after a C/C++ keyword.
  static func member(_ field: FieldDescriptor) -> String {
    let lowered = field.name.lowercased()
    return keywords.contains(lowered) ? lowered + "_" : lowered
  }

  /// The member holding which field of a oneof is set.
  static func oneofCaseMember(_ oneof: OneofDescriptor) -> String {
    oneof.name.lowercased() + "_case"
  }

  /// The C enum naming the fields of a oneof.
  static func oneofCaseType(_ oneof: OneofDescriptor) -> String {
    structName(oneof.containingType) + "__" + toCamel(oneof.name) + "Case"
  }

  private static func fullNameToC(_ fullName: String) -> String {
    fullName.split(separator: ".").map { toCamel(String($0)) }.joined(separator: "__")
  }

  private static func toCamel(_ name: String) -> String {
    var result = ""
    var nextIsUpper = true
    for character in name {
      if character == "_" {
        nextIsUpper = true
      } else if nextIsUpper {
        result += character.uppercased()
        nextIsUpper = false
      } else {
        result.append(character)
      }
    }
    return result
  }

  private static func camelToLower(_ name: String) -> String {
    var result = ""
    var wasUpper = true
    for character in name {
      let isUpper = character.isASCII && character.isUppercase
      if isUpper {
        if !wasUpper { result += "_" }
        result += character.lowercased()
      } else {
        result.append(character)
      }
      wasUpper = isUpper
    }
    return result
  }

  private static let keywords: Set<String> = [
    "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "class", "compl", "const", "const_cast", "continue",
    "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "not", "not_eq",
    "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "return", "short", "signed", "sizeof", "static",
    "static_cast", "struct", "switch", "template", "this", "throw", "true", "try",
    "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual",
    "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
  ]
}
