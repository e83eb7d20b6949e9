import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The ConcurrencyLimits service: tag limits as objects (spec orchestration §B.5).
  @Suite struct ConcurrencyLimits {
    private func create(_ baton: BatonConnection, tag: String, limit: Int32) async throws
      -> Baton_V1_CreateConcurrencyLimitResponse
    {
      try await baton.concurrencyLimits.createConcurrencyLimit(
        .with {
          $0.tag = tag
          $0.concurrencyLimit = limit
        })
    }

    @Test func createThenChangeKeepsTheSlots() async throws {
      try await withBatonServer { baton, _ in
        let first = try await create(baton, tag: "db", limit: 2)
        #expect(first.created)
        let limit = try #require(first.concurrencyLimit)
        #expect(limit.tag == "db")
        #expect(limit.concurrencyLimit == 2)
        #expect(limit.activeSlots == [])
        let run = try await baton.makeTaskRun { $0.tags = ["db"] }
        _ = try await baton.propose(.of(.running), to: run.id)

        let second = try await create(baton, tag: "db", limit: 5)
        #expect(!second.created)
        #expect(second.concurrencyLimit?.id == limit.id)
        #expect(second.concurrencyLimit?.concurrencyLimit == 5)
        #expect(second.concurrencyLimit?.activeSlots == [run.id])
        #expect(
          try await baton.concurrencyLimits.readConcurrencyLimit(.with { $0.id = limit.id }) == second.concurrencyLimit)
      }
    }

    @Test func tagIsRequired() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([.missing("tag")]) {
          try await create(baton, tag: "", limit: 1)
        }
      }
    }

    @Test func listIsOrderedByTagAndWindowed() async throws {
      try await withBatonServer { baton, _ in
        for tag in ["net", "cpu", "io"] {
          _ = try await create(baton, tag: tag, limit: 1)
        }
        let tags: (Baton_V1_ReadConcurrencyLimitsRequest) async throws -> [String] = { request in
          try await baton.concurrencyLimits.readConcurrencyLimits(request).concurrencyLimits.map(\.tag)
        }
        #expect(try await tags(.init()) == ["cpu", "io", "net"])
        #expect(
          try await tags(
            .with {
              $0.limit = 1
              $0.offset = 1
            }) == ["io"])
        await expectInvalidArgument(field: "limit", message: "Invalid limit: must be greater than or equal to 0.") {
          try await tags(.with { $0.limit = -5 })
        }
      }
    }

    @Test func resetReplacesTheSlots() async throws {
      try await withBatonServer { baton, _ in
        _ = try await create(baton, tag: "db", limit: 1)
        let holder = try await baton.makeTaskRun { $0.tags = ["db"] }
        _ = try await baton.propose(.of(.running), to: holder.id)
        let waiting = try await baton.makeTaskRun {
          $0.dynamicKey = "1"
          $0.tags = ["db"]
        }
        #expect(try await baton.propose(.of(.running), to: waiting.id).status == .wait)

        _ = try await baton.concurrencyLimits.resetConcurrencyLimitByTag(.with { $0.tag = "db" })
        let reset = try await baton.concurrencyLimits.readConcurrencyLimitByTag(.with { $0.tag = "db" })
        #expect(reset.activeSlots == [])
        #expect(try await baton.propose(.of(.running), to: waiting.id).status == .accept)

        let override = UUID().uuidString.lowercased()
        _ = try await baton.concurrencyLimits.resetConcurrencyLimitByTag(
          .with {
            $0.tag = "db"
            $0.slotOverride = [override]
          })
        #expect(
          try await baton.concurrencyLimits.readConcurrencyLimitByTag(.with { $0.tag = "db" }).activeSlots == [override]
        )
        await expectInvalidArgument([.notAUUID("slot_override[0]")]) {
          try await baton.concurrencyLimits.resetConcurrencyLimitByTag(
            .with {
              $0.tag = "db"
              $0.slotOverride = ["run-1"]
            })
        }
      }
    }

    @Test func deleteByIDAndByTag() async throws {
      try await withBatonServer { baton, _ in
        let byID = try await create(baton, tag: "a", limit: 1).concurrencyLimit!
        _ = try await create(baton, tag: "b", limit: 1)
        _ = try await baton.concurrencyLimits.deleteConcurrencyLimit(.with { $0.id = byID.id })
        _ = try await baton.concurrencyLimits.deleteConcurrencyLimitByTag(.with { $0.tag = "b" })
        #expect(try await baton.concurrencyLimits.readConcurrencyLimits(.init()).concurrencyLimits.isEmpty)
      }
    }

    @Test func unknownLimitIsNotFound() async throws {
      try await withBatonServer { baton, _ in
        let id = UUID().uuidString
        await expectRPCError(.notFound, message: "Concurrency limit not found") {
          try await baton.concurrencyLimits.readConcurrencyLimit(.with { $0.id = id })
        }
        await expectRPCError(.notFound, message: "Concurrency limit not found") {
          try await baton.concurrencyLimits.readConcurrencyLimitByTag(.with { $0.tag = "none" })
        }
        await expectRPCError(.notFound, message: "Concurrency limit not found") {
          try await baton.concurrencyLimits.deleteConcurrencyLimit(.with { $0.id = id })
        }
        await expectRPCError(.notFound, message: "Concurrency limit not found") {
          try await baton.concurrencyLimits.deleteConcurrencyLimitByTag(.with { $0.tag = "none" })
        }
        await expectRPCError(.notFound, message: "Concurrency limit not found") {
          try await baton.concurrencyLimits.resetConcurrencyLimitByTag(.with { $0.tag = "none" })
        }
      }
    }
  }
}
