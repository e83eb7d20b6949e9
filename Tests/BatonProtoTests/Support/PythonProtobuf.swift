import BatonProtoC
import Foundation

/// Runs `Tests/interop/protobuf_interop.py` with the project's Python, which has the
/// reference protobuf implementation, against the descriptor set embedded in Baton.
struct PythonProtobuf {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `BATON_PYTHON`, else the `.venv` that `.ci/run` creates.
  static var python: String {
    ProcessInfo.processInfo.environment["BATON_PYTHON"]
      ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
  }

  let directory: URL
  let descriptorSet: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("baton-proto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    descriptorSet = directory.appendingPathComponent("descriptor_set.bin")
    let bytes = UnsafeBufferPointer(start: baton_descriptor_set_bytes(), count: baton_descriptor_set_size())
    try Data(buffer: bytes).write(to: descriptorSet)
  }

  func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

  /// Runs the script; returns its exit status and what it printed.
  @discardableResult
  func run(_ command: String, _ arguments: String...) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.python)
    process.arguments = [
      Self.repositoryRoot.appendingPathComponent("Tests/interop/protobuf_interop.py").path,
      command, descriptorSet.path,
    ] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  func remove() {
    try? FileManager.default.removeItem(at: directory)
  }
}

/// The record format of the sample files: a 4-byte big-endian length and the message
/// name, then a 4-byte big-endian length and the encoded message.
enum SampleRecords {
  static func read(_ data: Data) -> [(name: String, bytes: [UInt8])] {
    let bytes = [UInt8](data)
    var records: [(String, [UInt8])] = []
    var offset = 0
    func length() -> Int {
      defer { offset += 4 }
      return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    while offset < bytes.count {
      let nameLength = length()
      let name = String(decoding: bytes[offset..<offset + nameLength], as: UTF8.self)
      offset += nameLength
      let messageLength = length()
      records.append((name, Array(bytes[offset..<offset + messageLength])))
      offset += messageLength
    }
    return records
  }

  static func write(_ records: [(name: String, bytes: [UInt8])]) -> Data {
    var data = Data()
    func append(_ part: [UInt8]) {
      let count = UInt32(part.count)
      data.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)])
      data.append(contentsOf: part)
    }
    for record in records {
      append(Array(record.name.utf8))
      append(record.bytes)
    }
    return data
  }
}
