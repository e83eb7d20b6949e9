import BatonCore
import Testing

@testable import BatonServer

/// The violations `body` was refused with; records an issue when it was not refused.
func violations<Value>(
  sourceLocation: SourceLocation = #_sourceLocation, of body: () throws -> Value
) -> [ValidationError] {
  do {
    _ = try body()
    Issue.record("expected the request to be refused", sourceLocation: sourceLocation)
  } catch let error as RequestValidationError {
    return error.violations
  } catch {
    Issue.record("expected a RequestValidationError, got \(error)", sourceLocation: sourceLocation)
  }
  return []
}

/// The single violation `body` was refused with; records an issue unless there is exactly one.
func violation<Value>(
  sourceLocation: SourceLocation = #_sourceLocation, of body: () throws -> Value
) -> ValidationError? {
  let found = violations(sourceLocation: sourceLocation, of: body)
  #expect(found.count == 1, "violations: \(found)", sourceLocation: sourceLocation)
  return found.first
}
