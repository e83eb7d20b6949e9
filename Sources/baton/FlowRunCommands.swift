import ArgumentParser
import BatonProto

/// `baton flow-runs`: the flow runs that task runs can belong to.
struct FlowRunCommands: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flow-runs",
    abstract: "Create flow runs and propose their states.",
    discussion: RPCErrorExit.discussion,
    subcommands: [Create.self, SetState.self]
  )
}

extension FlowRunCommands {
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a flow run of a flow.",
      discussion: """
        A run with the same flow and idempotency key is returned unchanged. Prints the run, \
        its id on the first line, then 'created' or 'already existed'.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Id of the flow (see 'baton flows create').")
    var flow: String

    @Option(help: "Display name (default: a random two-word name).")
    var name: String?

    @Option(help: "A tag; repeat for several.")
    var tag: [String] = []

    @Option(help: "Makes creation idempotent: a second create with this key returns the first run.")
    var idempotencyKey: String?

    @Option(help: "Type of the initial state (default: PENDING).")
    var state: StateTypeArgument?

    func run() async throws {
      var request = Baton_V1_CreateFlowRunRequest()
      request.flowID = flow
      request.name = name
      request.tags = tag
      request.idempotencyKey = idempotencyKey
      request.state = state?.proposal
      let response = try await connection.connect { try await $0.flowRuns.createFlowRun(request) }
      let run = response.flowRun ?? Baton_V1_FlowRun()
      output.printCreation("flow_run", run.prefectJSON, text: run.detailText, created: response.created)
    }
  }

  struct SetState: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Propose a new state for a flow run.",
      discussion: StateProposalOptions.discussion
    )

    @OptionGroup var proposal: StateProposalOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
      var request = Baton_V1_SetFlowRunStateRequest()
      request.id = proposal.id
      request.state = proposal.state
      request.force = proposal.force
      let result = try await connection.connect { try await $0.flowRuns.setFlowRunState(request) }
      output.print(result.prefectJSON, else: result.detailText)
    }
  }
}
