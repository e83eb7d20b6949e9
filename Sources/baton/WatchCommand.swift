import ArgumentParser
import BatonClient
import BatonProto
import Foundation

/// `baton watch`: task-run state changes as they are committed.
struct WatchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Print task-run state changes as they happen, one line each (JSON Lines with --json).",
    discussion: "Stops on SIGINT or SIGTERM."
  )

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var filters: TaskRunFilterOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var stop: StopOptions

  func run() async throws {
    let stopWatch = stop.watch()
    let request = Baton_V1_WatchTaskRunsRequest.with { $0.taskRuns = filters.filter }
    let output = output
    try await connection.connect { baton in
      try await stopWatch.running {
        try await baton.taskRuns.watchTaskRuns(request) { response in
          for try await event in response.messages {
            output.printEvent(
              .object([("task_run", event.taskRun?.prefectJSON ?? .null), ("state", event.state?.prefectJSON ?? .null)]),
              else: Self.line(for: event))
            fflush(nil)
          }
        }
      }
    }
  }

  static func line(for event: Baton_V1_TaskRunEvent) -> String {
    let run = event.taskRun ?? Baton_V1_TaskRun()
    let state = event.state.map { StateText.summary(type: $0.type, name: $0.name) } ?? "-"
    return [event.occurred.map(DateText.microseconds) ?? "-", run.id, run.name, run.taskKey, state]
      .joined(separator: "  ")
  }
}
