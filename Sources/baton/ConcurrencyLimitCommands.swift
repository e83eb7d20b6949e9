import ArgumentParser
import BatonProto

/// `baton concurrency-limits`: how many task runs with a tag may be RUNNING at once.
struct ConcurrencyLimitCommands: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "concurrency-limits",
    abstract: "Create, list and delete tag concurrency limits.",
    discussion: RPCErrorExit.discussion,
    subcommands: [Create.self, List.self, Delete.self]
  )
}

extension ConcurrencyLimitCommands {
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Limit how many task runs carrying a tag may run at once.",
      discussion: """
        Changes the limit if the tag has one already (its active slots are kept). Prints the \
        limit, its id on the first line, then 'created' or 'updated'.
        """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The tag.")
    var tag: String

    @Argument(help: "How many runs carrying the tag may be RUNNING at once.")
    var limit: Int32

    func run() async throws {
      var request = Baton_V1_CreateConcurrencyLimitRequest()
      request.tag = tag
      request.concurrencyLimit = limit
      let response = try await connection.connect { try await $0.concurrencyLimits.createConcurrencyLimit(request) }
      let limit = response.concurrencyLimit ?? Baton_V1_ConcurrencyLimit()
      output.printCreation(
        "concurrency_limit", limit.prefectJSON, text: limit.detailText, created: response.created, existing: "updated")
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ls",
      abstract: "List concurrency limits by tag, as a table or as a JSON array with --json."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "At most this many limits.")
    var limit: Int32?

    @Option(help: "Skip this many limits first.")
    var offset: Int32 = 0

    func run() async throws {
      var request = Baton_V1_ReadConcurrencyLimitsRequest()
      request.limit = limit
      request.offset = offset
      let limits = try await connection.connect { try await $0.concurrencyLimits.readConcurrencyLimits(request) }
        .concurrencyLimits
      output.print(.array(limits.map(\.prefectJSON)), else: Self.table(limits))
    }

    static func table(_ limits: [Baton_V1_ConcurrencyLimit]) -> String {
      guard !limits.isEmpty else { return "No concurrency limits." }
      var table = TextTable("ID", "TAG", "LIMIT", "ACTIVE", "CREATED")
      for limit in limits {
        table.append([
          limit.id, limit.tag, String(limit.concurrencyLimit), String(limit.activeSlots.count),
          limit.created.map(DateText.seconds) ?? "-",
        ])
      }
      return table.text
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete the concurrency limit of a tag, or one by id.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The tag whose limit to delete.")
    var tag: String?

    @Option(help: "Delete the limit with this id instead.")
    var id: String?

    func validate() throws {
      guard (tag == nil) != (id == nil) else { throw ValidationError("Give either a tag or --id.") }
    }

    func run() async throws {
      if let id {
        var request = Baton_V1_DeleteConcurrencyLimitRequest()
        request.id = id
        _ = try await connection.connect { try await $0.concurrencyLimits.deleteConcurrencyLimit(request) }
        print("deleted \(id)")
      } else if let tag {
        var request = Baton_V1_DeleteConcurrencyLimitByTagRequest()
        request.tag = tag
        _ = try await connection.connect { try await $0.concurrencyLimits.deleteConcurrencyLimitByTag(request) }
        print("deleted the limit of \(tag)")
      }
    }
  }
}
