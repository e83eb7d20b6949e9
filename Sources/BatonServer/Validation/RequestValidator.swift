import BatonCore

/// The checker a request passes through while it is mapped to domain values: it records a
/// violation for every broken rule instead of stopping at the first, as Prefect's request
/// models do, and throws them all together at the end.
///
/// Mapping code reads every field through it. A reader that refuses a field records the
/// violation and returns `nil` (or, for a required string, the empty string); since any
/// violation refuses the whole request, such stand-ins never reach a handler.
struct RequestValidator {
  /// Violations reported per request. Further ones are only counted, which keeps the status
  /// trailer small when, say, every entry of a long id list is malformed.
  static let maximumReportedViolations = 20

  private var violations: [ValidationError] = []
  private var unreportedViolationCount = 0

  private init() {}

  /// Runs `read` with a fresh validator and returns what it built, or throws every violation
  /// it recorded.
  static func validate<Value>(_ read: (inout RequestValidator) -> Value?) throws(RequestValidationError) -> Value {
    var validator = RequestValidator()
    let value = read(&validator)
    if let value, validator.violations.isEmpty {
      return value
    }
    if validator.violations.isEmpty {
      // A reader gave up without saying why: a bug in the mapping, but still this request's
      // refusal rather than a crash.
      assertionFailure("a request reader returned nil without recording a violation")
      validator.reject(.request, "The request could not be read.")
    }
    throw RequestValidationError(
      violations: validator.violations, unreportedViolationCount: validator.unreportedViolationCount)
  }

  /// Records that the field at `field` breaks a rule; `message` is what the client sees.
  mutating func reject(_ field: FieldPath, _ message: String) {
    record(ValidationError(field: field.description, message: message))
  }

  /// Records a violation found by a BatonCore rule, whose field is already a full path.
  mutating func record(_ violation: ValidationError) {
    guard violations.count < Self.maximumReportedViolations else {
      unreportedViolationCount += 1
      return
    }
    violations.append(violation)
  }

  /// Runs a BatonCore rule (which throws its first `ValidationError`) and returns its value, or
  /// records the violation and returns `nil`.
  @discardableResult
  mutating func check<Value>(_ rule: () throws -> Value) -> Value? {
    do {
      return try rule()
    } catch {
      // BatonCore's rules throw only `ValidationError`; anything else still refuses the
      // request rather than failing the call.
      record(error as? ValidationError ?? ValidationError(field: "", message: "\(error)"))
      return nil
    }
  }

  /// A string field that must not be empty (proto3 cannot tell an absent string from "").
  mutating func required(_ text: String, at field: FieldPath) -> String {
    if text.isEmpty { rejectMissing(field) }
    return text
  }

  /// A message or wrapper field that must be present.
  mutating func required<Value>(_ value: Value?, at field: FieldPath) -> Value? {
    if value == nil { rejectMissing(field) }
    return value
  }

  private mutating func rejectMissing(_ field: FieldPath) {
    reject(field, "\(field) is required.")
  }
}
