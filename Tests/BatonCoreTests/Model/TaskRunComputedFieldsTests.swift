import Foundation
import Testing

@testable import BatonCore

/// The read-time fields of spec task-run-api §1.8.
@Suite struct TaskRunComputedFieldsTests {
    let now = referenceDate

    /// `test_paginate_task_runs_includes_duration_fields`.
    @Test func finishedRunThatStartedLateReportsRunTimeAndLateness() {
        var run = makeRun().inState(makeState(.completed, at: now.addingTimeInterval(10)))
        run.expectedStartTime = now.addingTimeInterval(-5)
        run.startTime = now
        run.endTime = now.addingTimeInterval(10)
        run.totalRunTime = 10
        #expect(run.totalRunTime == 10)
        #expect(run.estimatedRunTime(at: now.addingTimeInterval(100)) == 10)
        #expect(run.estimatedStartTimeDelta(at: now.addingTimeInterval(100)) == 5)
    }

    @Test func runningRunCountsTimeSinceItsStateBegan() {
        var run = makeRun().inState(makeState(.running, at: now.addingTimeInterval(-30)))
        run.totalRunTime = 12
        #expect(run.estimatedRunTime(at: now) == 42)
    }

    @Test func overdueRunThatHasNotStartedIsLateUntilNow() {
        var run = makeRun().inState(makeState(.scheduled))
        run.expectedStartTime = now.addingTimeInterval(-600)
        #expect(run.estimatedStartTimeDelta(at: now) == 600)
    }

    @Test func finishedRunThatNeverStartedIsNotLate() {
        var run = makeRun().inState(makeState(.cancelled))
        run.expectedStartTime = now.addingTimeInterval(-600)
        #expect(run.estimatedStartTimeDelta(at: now) == 0)
    }

    @Test func runThatStartedEarlyIsNotLate() {
        var run = makeRun().inState(makeState(.running))
        run.expectedStartTime = now
        run.startTime = now.addingTimeInterval(-1)
        #expect(run.estimatedStartTimeDelta(at: now) == 0)
    }

    @Test func runWithoutExpectedStartTimeIsNotLate() {
        #expect(makeRun().estimatedStartTimeDelta(at: now) == 0)
    }
}
