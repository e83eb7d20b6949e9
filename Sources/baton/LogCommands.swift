import ArgumentParser
import BatonProto

/// `baton logs`: the log lines of flow runs and task runs.
struct LogCommands: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Read the logs of flow runs and task runs.",
    discussion: RPCErrorExit.discussion,
    subcommands: [List.self]
  )
}

extension LogCommands {
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ls",
      abstract: "List log lines as a table, or as a JSON array with --json."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("flow-run"), help: "Only lines of this flow run; repeat for any of several.")
    var flowRuns: [String] = []

    @Option(name: .customLong("task-run"), help: "Only lines of this task run; repeat for any of several.")
    var taskRuns: [String] = []

    @Option(help: "Only lines at this level or above: a number or DEBUG, INFO, WARNING, ERROR, CRITICAL.")
    var level: LogLevelArgument?

    @Option(help: "Only lines emitted at or after this instant: \(InstantArgument.format).")
    var since: InstantArgument?

    @Option(help: "Only lines emitted at or before this instant: \(InstantArgument.format).")
    var until: InstantArgument?

    @Option(help: "Order of the lines (default: TIMESTAMP_ASC, oldest first).")
    var sort: PrefectNameArgument<Baton_V1_LogSort>?

    @Option(help: "At most this many lines, 0 to 200.")
    var limit: Int32 = 200

    @Option(help: "Skip this many lines first.")
    var offset: Int32 = 0

    func run() async throws {
      var request = Baton_V1_ReadLogsRequest()
      request.logs = filter
      request.sort = sort?.value ?? .unspecified
      request.limit = limit
      request.offset = offset
      let logs = try await connection.connect { try await $0.logs.readLogs(request) }.logs
      output.print(.array(logs.map(\.prefectJSON)), else: Self.table(logs))
    }

    private var filter: Baton_V1_LogFilter? {
      var filter = Baton_V1_LogFilter()
      if !flowRuns.isEmpty {
        var flowRun = Baton_V1_LogFilterFlowRunId()
        flowRun.any_ = Baton_V1_StringList(flowRuns)
        filter.flowRunID = flowRun
      }
      if !taskRuns.isEmpty {
        var taskRun = Baton_V1_LogFilterTaskRunId()
        taskRun.any_ = Baton_V1_StringList(taskRuns)
        filter.taskRunID = taskRun
      }
      if let level {
        var levelFilter = Baton_V1_LogFilterLevel()
        levelFilter.ge_ = level.value
        filter.level = levelFilter
      }
      if since != nil || until != nil {
        var timestamp = Baton_V1_LogFilterTimestamp()
        timestamp.after_ = since?.date
        timestamp.before_ = until?.date
        filter.timestamp = timestamp
      }
      return filter == Baton_V1_LogFilter() ? nil : filter
    }

    static func table(_ logs: [Baton_V1_Log]) -> String {
      guard !logs.isEmpty else { return "No log lines." }
      var table = TextTable("TIMESTAMP", "LEVEL", "LOGGER", "TASK RUN", "MESSAGE")
      for log in logs {
        table.append([
          log.timestamp.map(DateText.seconds) ?? "-", LogLevelArgument.name(of: log.level), log.name,
          log.taskRunID ?? "-", log.message,
        ])
      }
      return table.text
    }
  }
}

/// A Python logging level, by number or by name.
struct LogLevelArgument: ExpressibleByArgument {
  private static let names: [(name: String, value: Int32)] = [
    ("DEBUG", 10), ("INFO", 20), ("WARNING", 30), ("ERROR", 40), ("CRITICAL", 50),
  ]

  let value: Int32

  init?(argument: String) {
    guard let value = Int32(argument) ?? Self.names.first(where: { $0.name == argument.uppercased() })?.value else {
      return nil
    }
    self.value = value
  }

  /// `INFO` for 20, the number for levels without a name.
  static func name(of level: Int32) -> String {
    names.first { $0.value == level }?.name ?? String(level)
  }
}
