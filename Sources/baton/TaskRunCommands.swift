import ArgumentParser
import BatonCore
import BatonProto
import Foundation

/// `baton task-runs`: the TaskRuns service for people at a terminal.
struct TaskRunCommands: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "task-runs",
    abstract: "Create, read, list, orchestrate, rename and delete task runs.",
    discussion: RPCErrorExit.discussion,
    subcommands: [
      Create.self, Get.self, List.self, Count.self, History.self, States.self, SetState.self, Rename.self, Delete.self,
    ]
  )
}

extension TaskRunCommands {
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a task run, or return the one with the same keys.",
      discussion: """
        A run with the same task key and dynamic key (within the flow run, or among runs \
        without one) is returned unchanged. Prints the run, its id on the first line, then \
        'created' or 'already existed'.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Identifies the task being run.")
    var taskKey: String

    @Option(help: "Tells apart runs of the same task.")
    var dynamicKey = "0"

    @Option(help: "Display name (default: a random two-word name).")
    var name: String?

    @Option(help: "Id of the parent flow run (default: none, an autonomous task run).")
    var flowRun: String?

    @Option(help: "A tag; repeat for several.")
    var tag: [String] = []

    @Option(help: "Cache key of the run.")
    var cacheKey: String?

    @Option(help: "Type of the initial state (default: PENDING).")
    var state: StateTypeArgument?

    func run() async throws {
      var request = Baton_V1_CreateTaskRunRequest()
      request.taskKey = taskKey
      request.dynamicKey = dynamicKey
      request.name = name
      request.flowRunID = flowRun
      request.tags = tag
      request.cacheKey = cacheKey
      request.state = state?.proposal
      let response = try await connection.connect { try await $0.taskRuns.createTaskRun(request) }
      let run = response.taskRun ?? Baton_V1_TaskRun()
      output.printCreation("task_run", run.prefectJSON, text: run.detailText, created: response.created)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a task run.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Id of the task run.")
    var id: String

    func run() async throws {
      var request = Baton_V1_ReadTaskRunRequest()
      request.id = id
      let run = try await connection.connect { try await $0.taskRuns.readTaskRun(request) }
      output.print(run.prefectJSON, else: run.detailText)
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ls",
      abstract: "List task runs as a table, or as a JSON array with --json."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var filters: TaskRunFilterOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Order of the runs (default: ID_DESC, newest first).")
    var sort: PrefectNameArgument<Baton_V1_TaskRunSort>?

    @Option(help: "At most this many runs, 0 to 200.")
    var limit: Int32 = 200

    @Option(help: "Skip this many runs first.")
    var offset: Int32 = 0

    func run() async throws {
      var request = Baton_V1_ReadTaskRunsRequest()
      request.taskRuns = filters.filter
      request.sort = sort?.value ?? .unspecified
      request.limit = limit
      request.offset = offset
      let runs = try await connection.connect { try await $0.taskRuns.readTaskRuns(request) }.taskRuns
      output.print(.array(runs.map(\.prefectJSON)), else: Self.table(runs))
    }

    static func table(_ runs: [Baton_V1_TaskRun]) -> String {
      guard !runs.isEmpty else { return "No task runs." }
      var table = TextTable("ID", "NAME", "TASK KEY", "STATE", "EXPECTED START", "RUN TIME", "TAGS")
      for run in runs {
        table.append([
          run.id, run.name, run.taskKey, run.stateSummary, run.expectedStartTime.map(DateText.seconds) ?? "-",
          DurationText.seconds(run.estimatedRunTime), run.tags.joined(separator: ","),
        ])
      }
      return table.text
    }
  }

  struct Count: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Count the task runs that ls would list.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var filters: TaskRunFilterOptions

    func run() async throws {
      var request = Baton_V1_CountTaskRunsRequest()
      request.taskRuns = filters.filter
      let count = try await connection.connect { try await $0.taskRuns.countTaskRuns(request) }.count
      print(count)
    }
  }

  struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Chart task runs by expected start time, per interval and current state type."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var filters: TaskRunFilterOptions

    @Option(help: "Start of the first interval: \(InstantArgument.format) (default: an hour before --until, or less if that needs over \(HistoryRequest.maximumBucketCount) intervals, rounded down to a whole interval).")
    var since: InstantArgument?

    @Option(help: "End of the chart: \(InstantArgument.format) (default: now).")
    var until: InstantArgument?

    @Option(help: "Width of each interval in seconds, at least 1.")
    var interval: Double = 60

    @Option(help: "Columns of the longest bar.")
    var width = 50

    func validate() throws {
      guard width > 0 else { throw ValidationError("--width must be positive.") }
      guard interval >= 1, interval.isFinite else { throw ValidationError("--interval must be at least 1 second.") }
    }

    func run() async throws {
      let end = until?.date ?? Date()
      // One interval fewer than the server's most, which rounding down may add back.
      let start =
        since?.date
        ?? wholeIntervalsBefore(end.addingTimeInterval(-min(3600, Double(HistoryRequest.maximumBucketCount - 1) * interval)))
      let intervalCount = (end.timeIntervalSince(start) / interval).rounded(.up)
      guard intervalCount <= Double(HistoryRequest.maximumBucketCount) else {
        let widest = (end.timeIntervalSince(start) / Double(HistoryRequest.maximumBucketCount)).rounded(.up)
        throw ValidationError(
          "--since to --until is \(Int(intervalCount)) intervals of \(interval.formatted()) s; the server charts at most "
            + "\(HistoryRequest.maximumBucketCount): use --interval \(Int(widest)) or more, or a later --since.")
      }
      var request = Baton_V1_TaskRunHistoryRequest()
      request.historyStart = start
      request.historyEnd = end
      request.historyIntervalSeconds = interval
      request.taskRuns = filters.filter
      let intervals = try await connection.connect { try await $0.taskRuns.taskRunHistory(request) }.intervals
      print(HistoryChart(intervals: intervals, width: width, colored: HistoryChart.colorsWanted).text)
    }

    /// `date` rounded down to a multiple of the interval since 1970, so that the intervals
    /// start on round times (12:40:00 rather than 12:39:58).
    private func wholeIntervalsBefore(_ date: Date) -> Date {
      guard interval >= 1 else { return date }
      return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / interval).rounded(.down) * interval)
    }
  }

  struct States: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a task run's states, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Id of the task run.")
    var id: String

    func run() async throws {
      var request = Baton_V1_ReadTaskRunStatesRequest()
      request.taskRunID = id
      let states = try await connection.connect { try await $0.taskRuns.readTaskRunStates(request) }.states
      output.print(.array(states.map(\.prefectJSON)), else: Self.table(states))
    }

    static func table(_ states: [Baton_V1_State]) -> String {
      guard !states.isEmpty else { return "No states (is the id a task run's?)." }
      var table = TextTable("TIMESTAMP", "STATE", "MESSAGE", "ID")
      for state in states {
        table.append([state.timestamp.map(DateText.microseconds) ?? "-", state.summary, state.message ?? "", state.id])
      }
      return table.text
    }
  }

  struct SetState: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Propose a new state for a task run.",
      discussion: StateProposalOptions.discussion
    )

    @OptionGroup var proposal: StateProposalOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      var request = Baton_V1_SetTaskRunStateRequest()
      request.id = proposal.id
      request.state = proposal.state
      request.force = proposal.force
      let result = try await connection.connect { try await $0.taskRuns.setTaskRunState(request) }
      output.print(result.prefectJSON, else: result.detailText)
    }
  }

  struct Rename: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rename a task run.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Id of the task run.")
    var id: String

    @Argument(help: "New name; empty for a random one.")
    var name: String

    func run() async throws {
      var update = Baton_V1_UpdateTaskRunRequest()
      update.id = id
      update.name = name
      var read = Baton_V1_ReadTaskRunRequest()
      read.id = id
      let run = try await connection.connect { baton in
        _ = try await baton.taskRuns.updateTaskRun(update)
        return try await baton.taskRuns.readTaskRun(read)
      }
      print("renamed \(run.id) to \(run.name)")
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete a task run with its states and logs.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Id of the task run.")
    var id: String

    func run() async throws {
      var request = Baton_V1_DeleteTaskRunRequest()
      request.id = id
      _ = try await connection.connect { try await $0.taskRuns.deleteTaskRun(request) }
      print("deleted \(id)")
    }
  }
}
