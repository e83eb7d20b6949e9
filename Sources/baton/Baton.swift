import ArgumentParser

/// The `baton` command: the server and the client commands around it.
@main
struct Baton: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "baton",
    abstract: "A task-run orchestration server speaking Prefect's task-run API over gRPC.",
    version: BatonVersion.current
  )
}

enum BatonVersion {
  static let current = "0.1.0"
}
