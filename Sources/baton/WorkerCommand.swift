import ArgumentParser
import BatonClient
import BatonProto
import Foundation
import GRPCCore

/// `baton worker`: a task worker at the terminal.
struct WorkerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract: "Serve background task runs of some task keys, printing each as it is handled.",
    discussion: """
      Subscribes to the runs scheduled with 'deferred' for the task keys, acknowledges each \
      when a slot is free (--limit) and drives it PENDING -> RUNNING -> COMPLETED through \
      SetTaskRunState. With \
      --command, each run executes that shell command (its environment has BATON_TASK_RUN_ID, \
      BATON_TASK_RUN_NAME, BATON_TASK_KEY and BATON_TASK_PARAMETERS_ID); a non-zero exit \
      status fails the run. Stops on SIGINT or SIGTERM.
      """
  )

  @OptionGroup var connection: ConnectionOptions
  @OptionGroup var stop: StopOptions

  @Option(name: .customLong("task-key"), help: "A task key to serve; repeat for several.")
  var taskKeys: [String]

  @Option(help: "Identifies this worker to the server; <hostname>-<pid> unless given.")
  var clientID = TaskWorker.defaultClientID

  @Option(help: "Most runs executing at once.")
  var limit = 10

  @Option(help: "Shell command that executes each run.")
  var command: String?

  func validate() throws {
    guard !taskKeys.isEmpty else { throw ValidationError("Give at least one --task-key.") }
  }

  func run() async throws {
    let stopWatch = stop.watch()
    let worker = TaskWorker(taskKeys: taskKeys, clientID: clientID, limit: limit) { event in
      print(Self.line(for: event))
      fflush(nil)
    }
    let command = command
    try await connection.connect { baton in
      try await stopWatch.running {
        try await worker.run(on: baton) { run in
          if let command { try await Self.execute(command, for: run) }
        }
      }
    }
  }

  static func line(for event: TaskWorker.Event) -> String {
    let time = DateText.seconds(Date())
    switch event {
    case .subscribed: return "\(time)  subscribed"
    case .received(let run): return "\(time)  received   \(run.id)  \(run.name)  \(run.taskKey)"
    case .completed(let run): return "\(time)  completed  \(run.id)"
    case .failed(let run, let message): return "\(time)  failed     \(run.id)  \(message)"
    case .skipped(let run, let reason): return "\(time)  skipped    \(run.id)  \(reason)"
    case .disconnected(let error, let delay): return "\(time)  disconnected (\(error)); reconnecting in \(delay)"
    }
  }

  struct CommandFailed: Error, CustomStringConvertible {
    var status: Int32
    var description: String { "the command exited with status \(status)" }
  }

  private static func execute(_ command: String, for run: Baton_V1_TaskRun) async throws {
    let process = Process()
    process.executableURL = URL(filePath: "/bin/sh")
    process.arguments = ["-c", command]
    var environment = ProcessInfo.processInfo.environment
    environment["BATON_TASK_RUN_ID"] = run.id
    environment["BATON_TASK_RUN_NAME"] = run.name
    environment["BATON_TASK_KEY"] = run.taskKey
    environment["BATON_TASK_PARAMETERS_ID"] = run.state?.stateDetails?.taskParametersID ?? ""
    process.environment = environment
    let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
    guard status == 0 else { throw CommandFailed(status: status) }
  }
}
