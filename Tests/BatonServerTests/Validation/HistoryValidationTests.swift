import BatonCore
import BatonProto
import Foundation
import Testing

@testable import BatonServer

@Suite struct HistoryValidationTests {
  private func request(interval: Double) -> Baton_V1_TaskRunHistoryRequest {
    var request = Baton_V1_TaskRunHistoryRequest()
    request.historyStart = instant(0)
    request.historyEnd = instant(3600)
    request.historyIntervalSeconds = interval
    return request
  }

  @Test(arguments: [0.5, 0.9, 0, -1, .nan])
  func intervalUnderOneSecondIsRefusedWithPrefectsMessage(_ interval: Double) {
    let request = request(interval: interval)
    let found = violation { try HistoryRequest(validating: request) }
    #expect(
      found
        == ValidationError(
          field: "history_interval_seconds", message: "History interval must not be less than 1 second."))
  }

  @Test func oneSecondIntervalIsAccepted() throws {
    let history = try HistoryRequest(validating: request(interval: 1))
    #expect(history.interval == 1)
    #expect(history.start == instant(0))
    #expect(history.end == instant(3600))
  }

  @Test func boundsAreRequiredAndCheckedWithTheInterval() {
    var request = request(interval: 0.5)
    request.historyStart = nil
    request.historyEnd = nil
    let found = violations { try HistoryRequest(validating: request) }
    #expect(found.map(\.field) == ["history_start", "history_end", "history_interval_seconds"])
  }

  @Test func filtersAreRead() throws {
    var request = request(interval: 60)
    request.flowRuns = Baton_V1_FlowRunFilter()
    #expect(try HistoryRequest(validating: request).filters.flowRuns == FlowRunFilter())
  }
}

@Suite struct HistoryBoundsValidationTests {
  @Test(arguments: [1e12, .infinity])
  func intervalBeyondTheTimestampSpanIsRefused(_ interval: Double) {
    var request = Baton_V1_TaskRunHistoryRequest()
    request.historyStart = instant(0)
    request.historyEnd = instant(3600)
    request.historyIntervalSeconds = interval
    let found = violation { try HistoryRequest(validating: request) }
    #expect(found?.field == "history_interval_seconds")
    #expect(found?.message == "History interval must not be more than 315537897600 seconds.")
  }

  @Test func boundOutsideTheTimestampRangeIsRefused() {
    var request = Baton_V1_TaskRunHistoryRequest()
    request.historyStart = instant(0)
    request.historyEnd = Date(timeIntervalSince1970: 1e15)
    request.historyIntervalSeconds = 60
    let found = violation { try HistoryRequest(validating: request) }
    #expect(
      found
        == ValidationError(
          field: "history_end", message: "history_end must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z."))
  }
}
