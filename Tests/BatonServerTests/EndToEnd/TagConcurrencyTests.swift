import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// Tag concurrency limits as orchestration sees them (spec orchestration §B.3
  /// SecureTaskConcurrencySlots and ReleaseTaskConcurrencySlots).
  @Suite struct TagConcurrency {
    private func makeLimit(_ baton: BatonConnection, tag: String, limit: Int32) async throws {
      _ = try await baton.concurrencyLimits.createConcurrencyLimit(
        .with {
          $0.tag = tag
          $0.concurrencyLimit = limit
        })
    }

    private func slots(_ baton: BatonConnection, tag: String) async throws -> [String] {
      try await baton.concurrencyLimits.readConcurrencyLimitByTag(.with { $0.tag = tag }).activeSlots
    }

    private func makeTaggedRuns(_ baton: BatonConnection, count: Int) async throws -> [String] {
      var ids: [String] = []
      for key in 0..<count {
        ids.append(
          try await baton.makeTaskRun {
            $0.dynamicKey = "\(key)"
            $0.tags = ["db", "untracked"]
          }.id)
      }
      return ids
    }

    @Test func secondRunWaitsUntilTheFirstCompletes() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let runs = try await makeTaggedRuns(baton, count: 2)
        #expect(try await baton.propose(.of(.running), to: runs[0]).status == .accept)
        #expect(try await slots(baton, tag: "db") == [runs[0]])

        let blocked = try await baton.propose(.of(.running), to: runs[1])
        #expect(blocked.status == .wait)
        #expect(blocked.delaySeconds == 10)
        #expect(blocked.reason == "Concurrency limit for the db tag has been reached")
        #expect(!blocked.created)
        #expect(blocked.state?.type == .pending)
        #expect(try await baton.taskRun(runs[1]).stateType == .pending)

        #expect(try await baton.propose(.of(.completed), to: runs[0]).status == .accept)
        #expect(try await slots(baton, tag: "db") == [])
        #expect(try await baton.propose(.of(.running), to: runs[1]).status == .accept)
        #expect(try await slots(baton, tag: "db") == [runs[1]])
      }
    }

    @Test func concurrentStartsAdmitExactlyTheLimit() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 2)
        let runs = try await makeTaggedRuns(baton, count: 8)
        let outcomes = try await withThrowingTaskGroup(of: (String, Baton_V1_SetStateStatus).self) { group in
          for run in runs {
            group.addTask { (run, try await baton.propose(.of(.running), to: run).status) }
          }
          return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        let admitted = Set(outcomes.filter { $0.value == .accept }.keys)
        #expect(admitted.count == 2)
        #expect(outcomes.values.filter { $0 == .wait }.count == 6)
        #expect(Set(try await slots(baton, tag: "db")) == admitted)
      }
    }

    @Test func rerunningDoesNotTakeASecondSlot() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let run = try await makeTaggedRuns(baton, count: 1)[0]
        _ = try await baton.propose(.of(.running), to: run)
        #expect(try await baton.propose(.of(.running), to: run).status == .accept)
        #expect(try await slots(baton, tag: "db") == [run])
      }
    }

    @Test func cancellingKeepsTheSlotAndCancelledFreesIt() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let run = try await makeTaggedRuns(baton, count: 1)[0]
        _ = try await baton.propose(.of(.running), to: run)
        _ = try await baton.propose(.of(.cancelling), to: run)
        #expect(try await slots(baton, tag: "db") == [run])
        _ = try await baton.propose(.of(.cancelled), to: run)
        #expect(try await slots(baton, tag: "db") == [])
      }
    }

    @Test func forceTakesNoSlotButReleasesOne() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let runs = try await makeTaggedRuns(baton, count: 3)
        _ = try await baton.propose(.of(.running), to: runs[0])
        #expect(try await baton.propose(.of(.running), to: runs[1], force: true).status == .accept)
        #expect(try await slots(baton, tag: "db") == [runs[0]])

        #expect(try await baton.propose(.of(.failed), to: runs[0], force: true).status == .accept)
        #expect(try await slots(baton, tag: "db") == [])
        #expect(try await baton.propose(.of(.running), to: runs[2]).status == .accept)
      }
    }

    @Test func zeroLimitAborts() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 0)
        let run = try await makeTaggedRuns(baton, count: 1)[0]
        let result = try await baton.propose(.of(.running), to: run)
        #expect(result.status == .abort)
        #expect(
          result.reason
            == "The concurrency limit on tag \"db\" is 0 and will deadlock if the task tries to run again.")
        #expect(try await baton.taskRun(run).stateType == .pending)
      }
    }

    @Test func deletingAFullLimitUnblocksWaitingRuns() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let runs = try await makeTaggedRuns(baton, count: 2)
        _ = try await baton.propose(.of(.running), to: runs[0])
        #expect(try await baton.propose(.of(.running), to: runs[1]).status == .wait)
        _ = try await baton.concurrencyLimits.deleteConcurrencyLimitByTag(.with { $0.tag = "db" })
        #expect(try await baton.propose(.of(.running), to: runs[1]).status == .accept)
      }
    }

    @Test func raisingTheLimitAdmitsMoreRuns() async throws {
      try await withBatonServer { baton, _ in
        try await makeLimit(baton, tag: "db", limit: 1)
        let runs = try await makeTaggedRuns(baton, count: 2)
        _ = try await baton.propose(.of(.running), to: runs[0])
        #expect(try await baton.propose(.of(.running), to: runs[1]).status == .wait)
        try await makeLimit(baton, tag: "db", limit: 2)
        #expect(try await baton.propose(.of(.running), to: runs[1]).status == .accept)
        #expect(Set(try await slots(baton, tag: "db")) == Set(runs))
      }
    }
  }
}
