import BatonProto
import Foundation
import Testing

/// Baton's messages against Python's protobuf, the reference implementation: what one
/// side encodes, the other decodes to the same message.
@Suite("Interop with Python protobuf")
struct PythonInteropTests {
  @Test("every message type: Python's samples decode in Swift, and Swift's re-encodings decode in Python to the originals")
  func everyMessageTypeRoundTripsThroughSwift() throws {
    let python = try PythonProtobuf()
    defer { python.remove() }
    let generated = try python.run("generate", python.file("python.bin").path)
    try #require(generated.status == 0, "\(generated.output)")

    let samples = SampleRecords.read(try Data(contentsOf: python.file("python.bin")))
    let sampledTypes = Set(samples.map(\.name))
    #expect(sampledTypes == Set(WireMessageRegistry.messageTypes.keys), "Python and Swift know different message types")

    var reencoded: [(name: String, bytes: [UInt8])] = []
    for sample in samples {
      let type = try #require(WireMessageRegistry.messageTypes[sample.name])
      reencoded.append((sample.name, try Self.roundTrip(type, sample.bytes)))
    }
    try SampleRecords.write(reencoded).write(to: python.file("swift.bin"))

    let verified = try python.run("verify", python.file("python.bin").path, python.file("swift.bin").path)
    #expect(verified.status == 0, "\(verified.output)")
  }

  /// Decodes `bytes`, checks that encoding and decoding again changes nothing, and returns the encoding.
  private static func roundTrip<Message: WireMessage>(_ type: Message.Type, _ bytes: [UInt8]) throws -> [UInt8] {
    let message = try Message(serializedBytes: bytes)
    let encoded = message.serializedBytes()
    #expect(try Message(serializedBytes: encoded) == message, "\(Message.protoMessageName) changed in a Swift round trip")
    return encoded
  }

  @Test("a TaskRun encoded in Swift is the TaskRun Python expects, and back")
  func taskRunMeansTheSameOnBothSides() throws {
    try expectSameMeaning(Fixtures.taskRun, json: Fixtures.taskRunJSON)
  }

  @Test("SetTaskRunState's request and result mean the same on both sides")
  func setTaskRunStateMeansTheSameOnBothSides() throws {
    try expectSameMeaning(Fixtures.setStateRequest, json: Fixtures.setStateRequestJSON)
    try expectSameMeaning(Fixtures.orchestrationResult, json: Fixtures.orchestrationResultJSON)
  }

  @Test("filters keep presence: an empty any_ and an empty sub-filter survive both ways")
  func filtersMeanTheSameOnBothSides() throws {
    try expectSameMeaning(Fixtures.readTaskRunsRequest, json: Fixtures.readTaskRunsRequestJSON)
  }

  @Test("task-worker stream messages mean the same on both sides")
  func workerMessagesMeanTheSameOnBothSides() throws {
    try expectSameMeaning(Fixtures.subscribeMessage, json: Fixtures.subscribeMessageJSON)
    try expectSameMeaning(Fixtures.ackMessage, json: Fixtures.ackMessageJSON)
    try expectSameMeaning(Fixtures.deliveryEvent, json: Fixtures.deliveryEventJSON)
  }

  /// Swift's encoding of `message` must equal what Python builds from `json`, and Python's
  /// encoding of `json` must decode in Swift to `message`.
  private func expectSameMeaning<Message: WireMessage>(_ message: Message, json: String) throws {
    let python = try PythonProtobuf()
    defer { python.remove() }
    try Data(message.serializedBytes()).write(to: python.file("swift.bin"))
    let matched = try python.run("matches", Message.protoMessageName, json, python.file("swift.bin").path)
    #expect(matched.status == 0, "Python reads Swift's \(Message.protoMessageName) differently:\n\(matched.output)")

    let encoded = try python.run("encode", Message.protoMessageName, json, python.file("python.bin").path)
    try #require(encoded.status == 0, "\(encoded.output)")
    let decoded = try Message(serializedBytes: try Data(contentsOf: python.file("python.bin")))
    #expect(decoded == message, "Swift reads Python's \(Message.protoMessageName) differently")
  }
}
