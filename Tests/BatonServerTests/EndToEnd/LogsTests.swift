import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The Logs service (spec task-run-api §5).
  @Suite struct Logs {
    private static let start = EndToEnd.newYear2030

    /// Five lines a second apart: levels 10…50, the odd ones of task run `taskRunID`.
    private func writeLines(_ baton: BatonConnection, flowRunID: String, taskRunID: String) async throws {
      let lines = (0..<5).map { index in
        Baton_V1_LogCreate.with {
          $0.name = "prefect"
          $0.level = Int32(10 * (index + 1))
          $0.message = "line \(index)"
          $0.timestamp = Self.start + Double(index)
          $0.flowRunID = flowRunID
          $0.taskRunID = index.isMultiple(of: 2) ? nil : taskRunID
        }
      }
      // Sent newest first, to see that reads order by timestamp.
      #expect(try await baton.logs.createLogs(.with { $0.logs = lines.reversed() }).count == 5)
    }

    private func messages(_ baton: BatonConnection, _ request: Baton_V1_ReadLogsRequest) async throws -> [String] {
      try await baton.logs.readLogs(request).logs.map(\.message)
    }

    @Test func linesAreStoredAndReadBackInTimestampOrder() async throws {
      try await withBatonServer { baton, _ in
        let flowRunID = UUID().uuidString.lowercased()
        let taskRunID = UUID().uuidString.lowercased()
        try await writeLines(baton, flowRunID: flowRunID, taskRunID: taskRunID)
        let logs = try await baton.logs.readLogs(.init()).logs
        #expect(logs.map(\.message) == (0..<5).map { "line \($0)" })
        #expect(logs[1].level == 20)
        #expect(logs[1].name == "prefect")
        #expect(logs[1].timestamp == Self.start + 1)
        #expect(logs[1].flowRunID == flowRunID)
        #expect(logs[1].taskRunID == taskRunID)
        #expect(logs[0].taskRunID == nil)
        #expect(try await messages(baton, .with { $0.sort = .timestampDesc }).first == "line 4")
      }
    }

    @Test func filtersAndWindowApply() async throws {
      try await withBatonServer { baton, _ in
        let flowRunID = UUID().uuidString.lowercased()
        let taskRunID = UUID().uuidString.lowercased()
        try await writeLines(baton, flowRunID: flowRunID, taskRunID: taskRunID)
        #expect(
          try await messages(
            baton, .with { $0.logs = .with { $0.taskRunID = .with { $0.any_ = .init(values: [taskRunID]) } } })
            == ["line 1", "line 3"])
        #expect(
          try await messages(baton, .with { $0.logs = .with { $0.taskRunID = .with { $0.isNull_ = true } } })
            == ["line 0", "line 2", "line 4"])
        #expect(
          try await messages(baton, .with { $0.logs = .with { $0.flowRunID = .with { $0.any_ = .init(values: []) } } })
            == [])
        #expect(
          try await messages(baton, .with { $0.logs = .with { $0.level = .with { $0.ge_ = 30 } } })
            == ["line 2", "line 3", "line 4"])
        #expect(
          try await messages(
            baton,
            .with {
              $0.logs = .with {
                $0.timestamp = .with {
                  $0.after_ = Self.start + 1
                  $0.before_ = Self.start + 2
                }
              }
            }) == ["line 1", "line 2"])
        #expect(
          try await messages(
            baton,
            .with {
              $0.limit = 2
              $0.offset = 3
            }) == ["line 3", "line 4"])
      }
    }

    @Test func linesNeedATimestampAndUUIDRunIDs() async throws {
      try await withBatonServer { baton, _ in
        await expectInvalidArgument([
          .notAUUID("logs[0].task_run_id"),
          .missing("logs[1].timestamp"),
        ]) {
          try await baton.logs.createLogs(
            .with {
              $0.logs = [
                .with {
                  $0.timestamp = Self.start
                  $0.taskRunID = "task-1"
                },
                .with { $0.message = "no time" },
              ]
            })
        }
        let stored = try await baton.logs.readLogs(.init()).logs
        #expect(stored.isEmpty)
        await expectInvalidArgument(field: "limit", message: "Invalid limit: must be less than or equal to 200.") {
          try await baton.logs.readLogs(.with { $0.limit = 201 })
        }
      }
    }
  }
}
