import BatonCore
import GRPCCore
import Testing

@testable import BatonServer

/// One entry of the `google.rpc.BadRequest` an INVALID_ARGUMENT carries.
struct FieldViolation: Equatable, CustomStringConvertible {
  var field: String
  var message: String

  var description: String { "\(field): \(message)" }

  /// The server's violation for an id that is not a UUID.
  static func notAUUID(_ field: String) -> FieldViolation {
    FieldViolation(field: field, message: "\(field) must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
  }

  /// The server's violation for a required field left empty.
  static func missing(_ field: String) -> FieldViolation {
    FieldViolation(field: field, message: "\(field) is required.")
  }
}

/// Expects `body` to fail with `code` and, when given, exactly `message`; returns the error.
@discardableResult
func expectRPCError<Value>(
  _ code: RPCError.Code, message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Value
) async -> RPCError? {
  do {
    let value = try await body()
    Issue.record("expected \(code), got \(value)", sourceLocation: sourceLocation)
  } catch let error as RPCError {
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    if let message {
      #expect(error.message == message, sourceLocation: sourceLocation)
    }
    return error
  } catch {
    Issue.record("expected an RPCError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// Expects `body` to fail with INVALID_ARGUMENT whose field violations are exactly
/// `violations`, and whose status message is their messages joined as the server joins them.
func expectInvalidArgument<Value>(
  _ violations: [FieldViolation], sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Value
) async {
  guard
    let error = await expectRPCError(
      .invalidArgument,
      message: RequestValidationError(violations: violations.map { ValidationError(field: $0.field, message: $0.message) })
        .message,
      sourceLocation: sourceLocation, body)
  else { return }
  let found = error.badRequestFieldViolations.map { FieldViolation(field: $0.field, message: $0.description_p) }
  #expect(found == violations, sourceLocation: sourceLocation)
}

/// Expects `body` to fail with INVALID_ARGUMENT for the single `field`, with `message`.
func expectInvalidArgument<Value>(
  field: String, message: String, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> Value
) async {
  await expectInvalidArgument([FieldViolation(field: field, message: message)], sourceLocation: sourceLocation, body)
}
