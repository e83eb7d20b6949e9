import Foundation

/// Answers server reflection requests from a ``DescriptorIndex``, independently of the
/// protocol version (`grpc.reflection.v1` and `v1alpha` carry the same messages).
struct ReflectionEngine: Sendable {
  enum Request {
    case fileByFilename(String)
    case fileContainingSymbol(String)
    case fileContainingExtension(type: String, number: Int32)
    case allExtensionNumbersOfType(String)
    case listServices
    case missing
  }

  enum Answer {
    /// Serialized `FileDescriptorProto`s, the requested file first.
    case files([Data])
    case extensionNumbers(type: String, numbers: [Int32])
    case services([String])
    case error(code: Int32, message: String)
  }

  let index: DescriptorIndex
  let services: [String]

  func answer(_ request: Request) -> Answer {
    switch request {
    case .fileByFilename(let name):
      guard let files = self.index.fileWithDependencies(named: name) else {
        return .error(code: 5, message: "File not found: \(name)")
      }
      return .files(files.map { Data($0) })
    case .fileContainingSymbol(let symbol):
      guard let files = self.index.fileWithDependencies(containingSymbol: symbol) else {
        return .error(code: 5, message: "Symbol not found: \(symbol)")
      }
      return .files(files.map { Data($0) })
    case .fileContainingExtension(let type, let number):
      guard let files = self.index.fileWithDependencies(containingExtension: number, of: type) else {
        return .error(code: 5, message: "Extension not found: \(type) field \(number)")
      }
      return .files(files.map { Data($0) })
    case .allExtensionNumbersOfType(let type):
      guard let numbers = self.index.extensionNumbers(of: type) else {
        return .error(code: 5, message: "Type not found: \(type)")
      }
      return .extensionNumbers(type: type, numbers: numbers)
    case .listServices:
      return .services(self.services)
    case .missing:
      return .error(code: 3, message: "The request names no message_request.")
    }
  }
}
