import BatonCore
import BatonProto
import Foundation

/// A validated `SetTaskRunState` or `SetFlowRunState` request: the run, the proposed state
/// with its defaults applied, and whether to skip the orchestration rules.
public struct StateProposal: Sendable, Hashable {
  public var runID: UUID
  public var state: StateCreate
  public var force: Bool

  /// - Parameter now: The server clock, which a SCHEDULED proposal without `scheduled_time`
  ///   is due at.
  public init(validating request: Baton_V1_SetTaskRunStateRequest, now: Date) throws(RequestValidationError) {
    self = try Self.validate(id: request.id, state: request.state, force: request.force, now: now)
  }

  /// - Parameter now: The server clock, which a SCHEDULED proposal without `scheduled_time`
  ///   is due at.
  public init(validating request: Baton_V1_SetFlowRunStateRequest, now: Date) throws(RequestValidationError) {
    self = try Self.validate(id: request.id, state: request.state, force: request.force, now: now)
  }

  private init(runID: UUID, state: StateCreate, force: Bool) {
    self.runID = runID
    self.state = state
    self.force = force
  }

  private static func validate(
    id: String, state: Baton_V1_StateCreate?, force: Bool, now: Date
  ) throws(RequestValidationError) -> StateProposal {
    try RequestValidator.validate { validator in
      let runID = validator.requiredUUID(id, at: .request.member("id"))
      let stateField = FieldPath.request.member("state")
      let proposal = validator.required(state, at: stateField).flatMap {
        validator.stateCreate($0, at: stateField, now: now)
      }
      guard let runID, let proposal else { return nil }
      return StateProposal(runID: runID, state: proposal, force: force)
    }
  }
}
