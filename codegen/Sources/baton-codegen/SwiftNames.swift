import SwiftProtobufPluginLibrary

extension SwiftProtobufNamer {
  /// The Swift name of a message, in swift-protobuf's style (`Baton_V1_TaskRun`).
  /// Baton generates the well-known types itself, so none is qualified with `SwiftProtobuf.`.
  func swiftName(message: Descriptor) -> String {
    unqualified(fullName(message: message))
  }

  func swiftName(enum e: EnumDescriptor) -> String {
    unqualified(fullName(enum: e))
  }

  private func unqualified(_ name: String) -> String {
    let prefix = swiftProtobufModuleName + "."
    return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
  }
}
