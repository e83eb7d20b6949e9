import BatonCore

/// A request that broke one or more of the API's rules: each broken rule as a field
/// violation, in the order the fields were checked.
///
/// Handlers let it propagate: GRPCCore turns it into an `INVALID_ARGUMENT` status whose
/// details list the violations (see `RequestValidationError+RPCError.swift`). BatonCore's
/// `ValidationError` is one violation; this is all of them for one request.
public struct RequestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The reported violations: a field path in Prefect's JSON naming and the message, which is
  /// Prefect's exact text where Prefect has one. Never empty.
  public let violations: [ValidationError]

  /// How many violations were found beyond those reported (see
  /// `RequestValidator.maximumReportedViolations`).
  public let unreportedViolationCount: Int

  init(violations: [ValidationError], unreportedViolationCount: Int = 0) {
    precondition(!violations.isEmpty, "a validation error needs at least one violation")
    self.violations = violations
    self.unreportedViolationCount = unreportedViolationCount
  }

  /// One violation.
  public init(field: String, message: String) {
    self.init(violations: [ValidationError(field: field, message: message)])
  }

  /// The messages of the violations as sentences: the status message clients show. A single
  /// violation yields exactly its message, so clients can match Prefect's texts.
  public var message: String {
    let joined =
      violations.count == 1
      ? violations[0].message
      : violations.map { $0.message.hasSuffix(".") ? $0.message : $0.message + "." }.joined(separator: " ")
    guard unreportedViolationCount > 0 else { return joined }
    return "\(joined) (and \(unreportedViolationCount) more)"
  }

  public var description: String {
    violations.map(\.description).joined(separator: "; ")
  }
}
