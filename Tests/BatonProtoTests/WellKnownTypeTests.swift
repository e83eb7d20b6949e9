import BatonProto
import Foundation
import Testing

/// The Swift forms of the well-known types: `Date` for `Timestamp`, `JSONValue` for `Value`.
@Suite("Well-known types")
struct WellKnownTypeTests {
  private func roundTripped(_ date: Date) throws -> Date? {
    var run = Baton_V1_TaskRun()
    run.created = date
    return try Baton_V1_TaskRun(serializedBytes: run.serializedBytes()).created
  }

  @Test("timestamps keep microseconds, before and after 1970")
  func timestampMicroseconds() throws {
    for (seconds, micros) in [(1_764_411_330, 123_456), (-2_208_988_800, 1), (-1, 999_999), (0, 0)] as [(Int64, Int)] {
      let date = Fixtures.instant(seconds, micros: micros)
      #expect(try roundTripped(date) == date)
    }
  }

  @Test("sub-microsecond parts are rounded to the nearest microsecond")
  func timestampRounding() throws {
    let date = Date(timeIntervalSince1970: 1_764_411_330.123_456_7)
    let decoded = try #require(try roundTripped(date))
    #expect(abs(decoded.timeIntervalSince(date)) < 0.000_001)
  }

  @Test("digits past the microsecond are dropped, as Prefect's timestamp parsing drops them")
  func timestampTruncation() throws {
    let run = try Baton_V1_TaskRun(serializedBytes: Wire.taskRunCreated(seconds: 1_764_411_330, nanos: 123_456_999))
    #expect(run.created == Fixtures.instant(1_764_411_330, micros: 123_456))
  }

  @Test("the last instant protobuf allows comes back as itself, never as year 10000")
  func lastTimestamp() throws {
    let last = Wire.taskRunCreated(seconds: 253_402_300_799, nanos: 999_999_999)
    let run = try Baton_V1_TaskRun(serializedBytes: last)
    #expect(run.serializedBytes() == Wire.taskRunCreated(seconds: 253_402_300_799, nanos: 999_999_000))
  }

  @Test("JSON values of every kind and depth survive")
  func jsonValues() throws {
    var state = Baton_V1_State()
    let values: [JSONValue] = [
      nil, true, false, 0, -1.5, 1e-300, "", "ünïcödé", [], [:],
      ["a": [1, ["b": [nil, "c"]]], "": ["": ""]],
    ]
    for value in values {
      state.data = value
      #expect(try Baton_V1_State(serializedBytes: state.serializedBytes()).data == value)
    }
  }

  @Test("labels as a Struct keep every key")
  func structLabels() throws {
    var run = Baton_V1_TaskRun()
    run.labels = Dictionary(uniqueKeysWithValues: (0..<1_000).map { ("key-\($0)", JSONValue.number(Double($0))) })
    #expect(try Baton_V1_TaskRun(serializedBytes: run.serializedBytes()).labels == run.labels)
  }
}
