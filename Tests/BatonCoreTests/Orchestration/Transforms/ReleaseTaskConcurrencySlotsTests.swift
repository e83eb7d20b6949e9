import Foundation
import Testing

@testable import BatonCore

@Suite struct ReleaseTaskConcurrencySlotsTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.transform(ReleaseTaskConcurrencySlots.self)]

    func runningRunHoldingSlots() -> TaskRun {
        let run = makeRun(tags: ["db", "web"]).inState(makeState(.running))
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1, activeSlots: [run.id])
        harness.data.tagLimits["web"] = TagConcurrencyLimit(tag: "web", limit: 5, activeSlots: [run.id, UUID()])
        return run
    }

    @Test(arguments: [StateType.completed, .failed, .cancelled, .crashed, .paused, .scheduled, .pending])
    func leavingRunningFreesTheRunsSlots(proposed: StateType) throws {
        let run = runningRunHoldingSlots()
        _ = try harness.run(steps, on: run, proposing: harness.proposal(proposed))
        #expect(harness.data.slots("db").isEmpty)
        #expect(harness.data.slots("web").count == 1)
        #expect(!harness.data.slots("web").contains(run.id))
    }

    @Test(arguments: [StateType.running, .cancelling])
    func runningAndCancellingKeepTheSlots(proposed: StateType) throws {
        let run = runningRunHoldingSlots()
        _ = try harness.run(steps, on: run, proposing: harness.proposal(proposed))
        #expect(harness.data.slots("db") == [run.id])
    }

    @Test func nothingIsFreedWhenNothingWasWritten() throws {
        let run = runningRunHoldingSlots()
        _ = try harness.run([.rule(Probe<AbortAll>.self)] + steps, on: run, proposing: harness.proposal(.completed))
        #expect(harness.data.slots("db") == [run.id])
    }

    @Test func nothingIsFreedWhenNothingWasWrittenWithReleaseFirst() throws {
        let run = runningRunHoldingSlots()
        _ = try harness.run(steps + [.rule(Probe<AbortAll>.self)], on: run, proposing: harness.proposal(.completed))
        #expect(harness.data.slots("db") == [run.id])
    }

    @Test func rejectionToANonRunningStateStillFrees() throws {
        let run = runningRunHoldingSlots()
        _ = try harness.run(
            [.rule(Probe<RejectToCompleted>.self)] + steps, on: run, proposing: harness.proposal(.running))
        #expect(harness.data.slots("db").isEmpty)
    }
}
