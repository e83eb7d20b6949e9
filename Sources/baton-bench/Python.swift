import Foundation

/// Runs the project's Python scripts with the `.venv` that `.ci/run` creates (or `BATON_PYTHON`).
enum Python {
  /// The repository root: the working directory, where `swift run` is invoked.
  static var root: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

  static func run(_ script: String, _ arguments: String...) throws -> String {
    let process = Process()
    let python = ProcessInfo.processInfo.environment["BATON_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python").path
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.appendingPathComponent(script).path] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchmarkError("\(script) exited with status \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
  }
}

struct BenchmarkError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
