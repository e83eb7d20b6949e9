import ArgumentParser

/// The `baton` command: the server and the client commands around it.
@main
struct Baton: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baton",
    abstract: "A task-run orchestration server speaking Prefect's task-run API over gRPC.",
    discussion: """
      'baton serve' runs the server; the other commands call it. \(RPCErrorExit.discussion)
      """,
    version: BatonVersion.current,
    subcommands: [
      Serve.self, TaskRunCommands.self, FlowCommands.self, FlowRunCommands.self, LogCommands.self,
      ConcurrencyLimitCommands.self, WorkerCommand.self, WatchCommand.self,
    ]
  )
}

enum BatonVersion {
  static let current = "0.1.0"
}
