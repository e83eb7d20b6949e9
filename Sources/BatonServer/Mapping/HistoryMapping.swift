import BatonCore
import BatonProto
import Foundation

// Run history (spec task-run-api §2.4, §4).

extension HistoryRequest {
  /// The widest interval Baton accepts: the span of protobuf timestamps, so that bucket ends
  /// stay countable in microseconds (Prefect has no upper bound).
  static let maximumInterval = RequestValidator.timestampRange.upperBound.timeIntervalSince(
    RequestValidator.timestampRange.lowerBound
  ).rounded()

  /// A validated `TaskRunHistory` request: both bounds present, an interval of at least one
  /// second (Prefect's message otherwise) and at most `maximumInterval`, and the filters.
  public init(validating request: Baton_V1_TaskRunHistoryRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let start = validator.requiredTimestamp(request.historyStart, at: .request.member("history_start"))
      let end = validator.requiredTimestamp(request.historyEnd, at: .request.member("history_end"))
      let filters = validator.taskRunQueryFilters(
        flows: request.flows, flowRuns: request.flowRuns, taskRuns: request.taskRuns,
        deployments: request.deployments)
      if request.historyIntervalSeconds > Self.maximumInterval {
        validator.reject(
          .request.member("history_interval_seconds"),
          "History interval must not be more than \(Int(Self.maximumInterval)) seconds.")
      }
      // A missing bound is already a violation, which refuses the request; the stand-in lets
      // BatonCore check the interval in the same pass.
      return validator.check {
        try HistoryRequest(
          start: start ?? .distantPast, end: end ?? .distantPast, interval: request.historyIntervalSeconds,
          filters: filters)
      }
    }
  }
}

extension Baton_V1_HistoryInterval {
  init(_ bucket: HistoryBucket) {
    self.init()
    intervalStart = bucket.intervalStart
    intervalEnd = bucket.intervalEnd
    states = bucket.states.map { summary in
      var state = Baton_V1_HistoryState()
      state.stateType = Baton_V1_StateType(summary.stateType)
      state.stateName = summary.stateName
      state.countRuns = Int64(summary.countRuns)
      state.sumEstimatedRunTime = summary.sumEstimatedRunTime
      state.sumEstimatedLateness = summary.sumEstimatedLateness
      return state
    }
  }
}

extension Baton_V1_TaskRunHistoryResponse {
  public init(_ buckets: [HistoryBucket]) {
    self.init()
    intervals = buckets.map(Baton_V1_HistoryInterval.init)
  }
}
