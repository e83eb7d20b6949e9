import BatonCore
import Foundation

/// Instants on a whole or half second, which survive the wire's microsecond Timestamp exactly.
func instant(_ seconds: Double) -> Date {
  Date(timeIntervalSinceReferenceDate: 700_000_000 + seconds)
}

/// A task run with every field set, none at its default.
func fullyPopulatedTaskRun() -> TaskRun {
  let stateTimestamp = instant(100)
  let state = State(
    id: UUID(), type: .running, name: "Retrying", timestamp: stateTimestamp, message: "running again",
    data: ["type": "reference", "storage_key": "results/abc", "size": 12],
    details: StateDetails(
      flowRunID: UUID(), taskRunID: UUID(), childFlowRunID: UUID(), scheduledTime: instant(10),
      cacheKey: "cache-key", cacheExpiration: instant(1000), deferred: true, untrackableResult: true,
      pauseTimeout: instant(2000), pauseReschedule: true, pauseKey: "pause-1", runInputKeyset: ["schema": "k"],
      refreshCache: true, retriable: false, transitionID: UUID(), taskParametersID: UUID(),
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", deploymentConcurrencyLeaseID: UUID()))
  return TaskRun(
    id: UUID(), created: instant(0), updated: instant(100.5), name: "tidy-otter", flowRunID: UUID(),
    taskKey: "etl.extract", dynamicKey: "3", cacheKey: "top-level-key", cacheExpiration: instant(5000),
    taskVersion: "1.2.3",
    empiricalPolicy: TaskRunPolicy(
      maxRetries: 2, retryDelaySeconds: 1.5, retries: 3, retryDelay: [1, 2, 4], retryJitterFactor: 0.5),
    tags: ["db", "blue"], labels: ["env": "dev", "attempts": 3, "ratio": 0.25, "urgent": true],
    taskInputs: [
      "x": [.taskRun(id: UUID()), .flowRun(id: UUID()), .parameter(name: "limit"), .constant(type: "int")],
      "y": [],
    ],
    stateID: state.id, state: state, stateType: .running, stateName: "Retrying", stateTimestamp: stateTimestamp,
    runCount: 2, flowRunRunCount: 1, expectedStartTime: instant(5), nextScheduledStartTime: instant(6),
    startTime: instant(8), endTime: instant(90), totalRunTime: 12.5)
}
