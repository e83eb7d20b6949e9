import BatonProto
import Foundation
import Testing

/// Bytes that are not a message never crash the decoder: each gives an error naming the
/// message type that was expected.
@Suite("Malformed input")
struct MalformedInputTests {
  private func decodingError(_ bytes: [UInt8]) -> WireDecodingError? {
    do {
      _ = try Baton_V1_TaskRun(serializedBytes: bytes)
      return nil
    } catch let error as WireDecodingError {
      return error
    } catch {
      Issue.record("unexpected error type: \(error)")
      return nil
    }
  }

  @Test("every truncation of a valid TaskRun is rejected or decodes to a prefix, never crashes")
  func truncatedInput() throws {
    let bytes = Fixtures.taskRun.serializedBytes()
    var rejected = 0
    for length in 0..<bytes.count {
      if let error = decodingError(Array(bytes[..<length])) {
        #expect(error.messageType == "baton.v1.TaskRun")
        rejected += 1
      }
    }
    // Cutting inside a field is an error; cutting between top-level fields is a valid shorter message.
    #expect(rejected > bytes.count / 2)
  }

  @Test("a field sent with the wrong wire type is rejected")
  func wrongWireType() {
    // Field 1 (id, a string) sent as a varint: tag (1 << 3 | 0), value 5.
    let error = decodingError([0x08, 0x05])
    #expect(error?.messageType == "baton.v1.TaskRun")
  }

  @Test("a length that runs past the end is rejected")
  func lengthPastEnd() {
    // Field 1 (id) claims 100 bytes but carries 3.
    let error = decodingError([0x0a, 100, 0x61, 0x62, 0x63])
    #expect(error?.messageType == "baton.v1.TaskRun")
  }

  @Test("invalid UTF-8 in a string field is rejected, naming the field")
  func invalidUTF8() {
    // Field 4 (name) holding a lone continuation byte.
    let error = decodingError([0x22, 0x02, 0x61, 0x80])
    #expect(error?.messageType == "baton.v1.TaskRun")
    #expect(error?.reason.contains("name") == true)
  }

  @Test("a string holding U+0000 is rejected, not cut short at it")
  func nulInString() throws {
    // Field 4 (name) = "a\0b", which protobuf-c would hand over as "a".
    let error = decodingError([0x22, 0x03, 0x61, 0x00, 0x62])
    #expect(error?.reason.contains("name") == true)
    #expect(error?.reason.contains("U+0000") == true)

    let state = Baton_V1_State.with { $0.name = "AAAA" }
    var bytes = Baton_V1_TaskRun.with { $0.state = state }.serializedBytes()
    bytes[try #require(bytes.firstIndex(of: UInt8(ascii: "A")))] = 0
    #expect(decodingError(bytes)?.reason.contains("U+0000") == true)
    // Strings without U+0000 still decode.
    #expect(decodingError(Baton_V1_TaskRun.with { $0.name = "plain" }.serializedBytes()) == nil)
  }

  @Test("a Value number that is NaN or infinite is rejected: JSON has no such numbers")
  func nonFiniteValueNumber() throws {
    for number in [Double.nan, .infinity, -.infinity] {
      let bytes = Baton_V1_StateCreate.with { $0.data = .number(number) }.serializedBytes()
      let error = try #require(throws: WireDecodingError.self) { try Baton_V1_StateCreate(serializedBytes: bytes) }
      #expect(error.messageType == "google.protobuf.Value")
    }
    let finite = Baton_V1_StateCreate.with { $0.data = .number(1.5) }
    #expect(try Baton_V1_StateCreate(serializedBytes: finite.serializedBytes()) == finite)
  }

  @Test("invalid UTF-8 deep inside a nested message is rejected too")
  func invalidUTF8Nested() {
    var run = Baton_V1_TaskRun()
    var state = Baton_V1_State()
    state.name = "AAAA"
    run.state = state
    var bytes = run.serializedBytes()
    let index = try! #require(bytes.firstIndex(of: UInt8(ascii: "A")))
    bytes[index] = 0xff
    #expect(decodingError(bytes)?.messageType == "baton.v1.State")
  }

  @Test("64 MiB of garbage is rejected without crashing")
  func garbage() {
    var generator = SystemRandomNumberGenerator()
    let garbage = (0..<(64 << 20) / 8).flatMap { _ -> [UInt8] in
      withUnsafeBytes(of: generator.next() as UInt64) { Array($0) }
    }
    // Random bytes can, with tiny probability, form a valid message; all we require is no crash
    // and, when rejected, an error naming the type.
    if let error = decodingError(garbage) {
      #expect(error.messageType == "baton.v1.TaskRun")
    }
    // A buffer of 0xff bytes is never valid: its first tag is an unterminated varint.
    #expect(decodingError([UInt8](repeating: 0xff, count: 64 << 20))?.messageType == "baton.v1.TaskRun")
  }
}

extension MalformedInputTests {
  /// A `Value` holding a list that holds a `Value`…, `levels` deep, encoded by hand.
  /// Each level is a `list_value` (field 6) around a `ListValue` whose `values` (field 1)
  /// hold the next level; the innermost is `bool_value` (field 4) = true.
  private func nestedValue(levels: Int) -> [UInt8] {
    let innermost: [UInt8] = [0x20, 0x01]
    // The sizes from the inside out, so the prefixes can be written from the outside in.
    var valueSizes = [innermost.count]
    var listSizes: [Int] = []
    for _ in 0..<levels {
      let list = 1 + Wire.varint(valueSizes.last!).count + valueSizes.last!
      listSizes.append(list)
      valueSizes.append(1 + Wire.varint(list).count + list)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(valueSizes.last!)
    for level in (0..<levels).reversed() {
      bytes += [0x32] + Wire.varint(listSizes[level])
      bytes += [0x0a] + Wire.varint(valueSizes[level])
    }
    return bytes + innermost
  }

  @Test("a message nested deeper than 100 levels is rejected before protobuf-c recurses into it")
  func deepNestingRejected() throws {
    // State.data is field 6.
    let shallowEnough = [0x32] + Wire.varint(nestedValue(levels: 40).count) + nestedValue(levels: 40)
    #expect(try Baton_V1_State(serializedBytes: shallowEnough).data != nil)

    // 100,000 levels take under 1 MiB and would overflow the stack of a recursive decoder.
    let deep = nestedValue(levels: 100_000)
    let bytes = [0x32] + Wire.varint(deep.count) + deep
    #expect(throws: WireDecodingError.self) { try Baton_V1_State(serializedBytes: bytes) }
  }
}

extension MalformedInputTests {
  @Test("a Timestamp outside protobuf's range (years 1 to 9999) or with bad nanos is rejected")
  func timestampOutOfRange() {
    // TaskRun.created (field 2) holding Timestamp{seconds (field 1), nanos (field 2)}.
    func taskRun(timestamp: [UInt8]) -> [UInt8] { [0x12, UInt8(timestamp.count)] + timestamp }
    let year10000: [UInt8] = [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]  // 2^62 seconds
    let negativeNanos: [UInt8] = [0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]  // -1
    #expect(decodingError(taskRun(timestamp: year10000))?.messageType == "google.protobuf.Timestamp")
    #expect(decodingError(taskRun(timestamp: negativeNanos))?.messageType == "google.protobuf.Timestamp")
  }
}
