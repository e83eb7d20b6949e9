/// Where a field sits in a request, spelled in Prefect's JSON naming: member names joined by
/// dots, list positions in brackets (`task_inputs.x[0].id`, `task_runs.id.any_[2]`).
///
/// Violations carry it as the `field` of a `google.rpc.BadRequest.FieldViolation`, so a
/// Prefect user finds the field under the name they know from the REST API.
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
  /// The request itself; its members are top-level fields such as `limit`.
  static let request = FieldPath(description: "")

  let description: String

  private init(description: String) {
    self.description = description
  }

  /// The member `name` of the value at this path; map keys are members too.
  func member(_ name: String) -> FieldPath {
    FieldPath(description: description.isEmpty ? name : "\(description).\(name)")
  }

  /// The element at `position` of the list at this path.
  func element(_ position: Int) -> FieldPath {
    FieldPath(description: "\(description)[\(position)]")
  }
}
