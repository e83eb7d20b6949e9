import Foundation
import Testing

@testable import BatonCore

@Suite struct SecureTaskConcurrencySlotsTests {
    let harness = Harness()
    let steps: [PolicyStep] = [.rule(SecureTaskConcurrencySlots.self)]

    func limit(_ tag: String, _ limit: Int, holders: Set<UUID> = []) {
        harness.data.tagLimits[tag] = TagConcurrencyLimit(tag: tag, limit: limit, activeSlots: holders)
    }

    func pendingRun(tags: [String]) -> TaskRun {
        makeRun(tags: tags).inState(makeState(.pending))
    }

    @Test func freeSlotIsTakenAndTheRunStarts() throws {
        limit("db", 1)
        let run = pendingRun(tags: ["db"])
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running))
        #expect(context.responseDetails == .accept)
        #expect(harness.data.slots("db") == [run.id])
    }

    @Test func fullLimitMakesTheRunWait() throws {
        let holder = UUID()
        limit("db", 1, holders: [holder])
        let context = try harness.run(steps, on: pendingRun(tags: ["db"]), proposing: harness.proposal(.running))
        #expect(
            context.responseDetails
                == .wait(delaySeconds: 10, reason: "Concurrency limit for the db tag has been reached"))
        #expect(harness.data.slots("db") == [holder])
    }

    @Test func waitUsesTheConfiguredSlotWait() throws {
        var harness = harness
        harness.orchestrator.settings.tagConcurrencySlotWaitSeconds = 2.9
        harness.data.tagLimits["db"] = TagConcurrencyLimit(tag: "db", limit: 1, activeSlots: [UUID()])
        let context = try harness.run(steps, on: pendingRun(tags: ["db"]), proposing: harness.proposal(.running))
        #expect(
            context.responseDetails
                == .wait(delaySeconds: 2, reason: "Concurrency limit for the db tag has been reached"))
    }

    @Test func zeroLimitAbortsBecauseItWouldDeadlock() throws {
        limit("db", 0)
        let context = try harness.run(steps, on: pendingRun(tags: ["db"]), proposing: harness.proposal(.running))
        #expect(
            context.responseDetails
                == .abort(
                    reason: "The concurrency limit on tag \"db\" is 0 and will deadlock if the task tries to run again."
                ))
    }

    @Test func firstFullLimitStopsAndReturnsSlotsTakenEarlierInTheLoop() throws {
        limit("a", 1)
        limit("b", 1, holders: [UUID()])
        limit("c", 1)
        let context = try harness.run(
            steps, on: pendingRun(tags: ["c", "b", "a"]), proposing: harness.proposal(.running))
        #expect(
            context.responseDetails
                == .wait(delaySeconds: 10, reason: "Concurrency limit for the b tag has been reached"))
        #expect(harness.data.slots("a").isEmpty)
        #expect(harness.data.slots("c").isEmpty)
    }

    @Test func runAlreadyHoldingTheSlotMayRunAgainWithoutASecondSlot() throws {
        let run = makeRun(tags: ["db"]).inState(makeState(.running))
        limit("db", 1, holders: [run.id])
        let context = try harness.run(steps, on: run, proposing: harness.proposal(.running))
        #expect(context.responseDetails == .accept)
        #expect(harness.data.slots("db") == [run.id])
    }

    @Test func untaggedRunsAndTagsWithoutLimitsPass() throws {
        limit("db", 0)
        #expect(
            try harness.run(steps, on: pendingRun(tags: []), proposing: harness.proposal(.running)).responseDetails
                == .accept)
        #expect(
            try harness.run(steps, on: pendingRun(tags: ["web"]), proposing: harness.proposal(.running)).responseDetails
                == .accept)
    }

    @Test func slotIsReturnedWhenALaterRuleMakesTheRunWait() throws {
        limit("db", 1)
        let context = try harness.run(
            steps + [.rule(Probe<DelayFortyTwo>.self)], on: pendingRun(tags: ["db"]),
            proposing: harness.proposal(.running))
        #expect(context.responseDetails.status == .wait)
        #expect(harness.data.slots("db").isEmpty)
    }

    @Test func cleanupKeepsASlotTheRunHeldBefore() throws {
        let run = makeRun(tags: ["db"]).inState(makeState(.running))
        limit("db", 2, holders: [run.id])
        _ = try harness.run(steps + [.rule(Probe<DelayFortyTwo>.self)], on: run, proposing: harness.proposal(.running))
        #expect(harness.data.slots("db") == [run.id])
    }
}
