import BatonProto
import BatonProtoC
import Foundation

/// Encode and decode throughput of a fully populated TaskRun through protobuf-c, next to
/// Python's protobuf (its C backend, upb) on the same message, in the same run.
enum CodecBenchmark {
  static func run(arguments: [String]) throws {
    let seconds = Double(arguments.first ?? "") ?? 3
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let descriptorSet = directory.appendingPathComponent("descriptor_set.bin")
    try Data(UnsafeBufferPointer(start: baton_descriptor_set_bytes(), count: baton_descriptor_set_size()))
      .write(to: descriptorSet)
    let sample = directory.appendingPathComponent("task_run.bin")
    let python = try Python.run(
      "Tests/interop/protobuf_interop.py", "benchmark", descriptorSet.path, "baton.v1.TaskRun", "\(seconds)", sample.path
    )
    let pythonFigures = try JSONDecoder().decode(PythonFigures.self, from: Data(python.utf8))

    // The sample Python populated: every field set, non-ASCII text, large and nested values.
    let bytes = [UInt8](try Data(contentsOf: sample))
    let taskRun = try Baton_V1_TaskRun(serializedBytes: bytes)
    let encodes = measure(seconds) { _ = taskRun.serializedBytes() }
    let decodes = try measure(seconds) { _ = try Baton_V1_TaskRun(serializedBytes: bytes) }

    print("TaskRun codec, fully populated: \(bytes.count) bytes, \(seconds) s per measurement")
    print(row("implementation", "encode msg/s", "decode msg/s"))
    print(row("Swift (protobuf-c)", format(encodes), format(decodes)))
    print(row("Python (\(pythonFigures.backend))", format(pythonFigures.encodePerSecond), format(pythonFigures.decodePerSecond)))
  }

  private struct PythonFigures: Decodable {
    var backend: String
    var encodePerSecond: Double
    var decodePerSecond: Double

    enum CodingKeys: String, CodingKey {
      case backend
      case encodePerSecond = "encode_per_second"
      case decodePerSecond = "decode_per_second"
    }
  }

  /// Calls per second of `operation`, run in batches of 100 for about `seconds`.
  private static func measure(_ seconds: Double, _ operation: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var calls = 0
    while clock.now - start < .seconds(seconds) {
      for _ in 0..<100 { try operation() }
      calls += 100
    }
    let elapsed = clock.now - start
    return Double(calls) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }

  private static func format(_ rate: Double) -> String {
    String(Int(rate.rounded()))
  }

  private static func row(_ columns: String...) -> String {
    columns.enumerated().map { index, column in
      let width = index == 0 ? 24 : 14
      return index == 0
        ? column.padding(toLength: width, withPad: " ", startingAt: 0)
        : String(repeating: " ", count: max(0, width - column.count)) + column
    }.joined()
  }
}
