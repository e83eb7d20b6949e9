import Foundation
import SwiftProtobuf
import SwiftProtobufPluginLibrary

/// `baton-codegen swift DESCRIPTOR_SET OUT_DIR MODULE C_MODULE PROTO...` writes the Swift for each PROTO;
/// `baton-codegen embed DESCRIPTOR_SET OUT_FILE SYMBOL` writes the descriptor set as a C byte array.
let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("baton-codegen: \(message)\n".utf8))
  exit(1)
}

func write(_ text: String, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(text.utf8).write(to: url)
}

do {
  switch arguments.first {
  case "swift" where arguments.count >= 6:
    let descriptorSet = try Google_Protobuf_FileDescriptorSet(
      serializedBytes: try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
    )
    let generator = SwiftGenerator(
      descriptors: DescriptorSet(proto: descriptorSet),
      module: arguments[3],
      cModule: arguments[4]
    )
    let protoFiles = Array(arguments[5...])
    for protoFile in protoFiles {
      for (relativePath, text) in try generator.generate(protoFile: protoFile) {
        try write(text, to: arguments[2] + "/" + relativePath)
      }
    }
    try write(generator.registry(protoFiles: protoFiles), to: arguments[2] + "/WireMessageRegistry.swift")
  case "embed" where arguments.count == 4:
    let bytes = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
    try write(EmbeddedDescriptorSet(bytes: bytes, symbol: arguments[3]).cSource, to: arguments[2])
  default:
    fail("usage: baton-codegen swift DESCRIPTOR_SET OUT_DIR MODULE C_MODULE PROTO... | embed DESCRIPTOR_SET OUT_FILE SYMBOL")
  }
} catch {
  fail("\(error)")
}
