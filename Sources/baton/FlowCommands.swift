import ArgumentParser
import BatonProto

/// `baton flows`: the flows that flow runs belong to.
struct FlowCommands: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flows",
    abstract: "Create flows.",
    discussion: RPCErrorExit.discussion,
    subcommands: [Create.self]
  )
}

extension FlowCommands {
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a flow, or return the one with the same name.",
      discussion: "Prints the flow, its id on the first line, then 'created' or 'already existed'."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Name of the flow.")
    var name: String

    @Option(help: "A tag; repeat for several.")
    var tag: [String] = []

    func run() async throws {
      var request = Baton_V1_CreateFlowRequest()
      request.name = name
      request.tags = tag
      let response = try await connection.connect { try await $0.flows.createFlow(request) }
      let flow = response.flow ?? Baton_V1_Flow()
      output.printCreation("flow", flow.prefectJSON, text: flow.detailText, created: response.created)
    }
  }
}
