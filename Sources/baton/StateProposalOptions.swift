import ArgumentParser
import BatonProto

/// The arguments of `task-runs set-state` and `flow-runs set-state`: which run, and the
/// state proposed for it.
struct StateProposalOptions: ParsableArguments {
  @Argument(help: "Id of the run.")
  var id: String

  @Argument(help: "Type of the proposed state.")
  var type: StateTypeArgument

  @Option(help: "Name of the state (default: the type's, e.g. 'Running').")
  var name: String?

  @Option(help: "Message attached to the state.")
  var message: String?

  @Option(help: "When a SCHEDULED run may start: \(InstantArgument.format) (default: now).")
  var scheduledTime: InstantArgument?

  @Flag(help: "Skip the orchestration rules and write the state as proposed.")
  var force = false

  var state: Baton_V1_StateCreate {
    var state = type.proposal
    state.name = name
    state.message = message
    if let scheduledTime {
      var details = Baton_V1_StateDetails()
      details.scheduledTime = scheduledTime.date
      state.stateDetails = details
    }
    return state
  }

  static let discussion = """
    The orchestration rules decide what happens to the proposal; the command prints their \
    decision (ACCEPT, REJECT, WAIT or ABORT), the run's state afterwards, and for WAIT how \
    long to wait. A REJECT, WAIT or ABORT is an answer, not an error: the command exits 0.
    """
}
