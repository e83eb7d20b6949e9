import BatonProto
import GRPCCore

extension RPCError {
  /// The field violations of the `google.rpc.BadRequest` in the error's
  /// `grpc-status-details-bin` metadata; empty when it carries none.
  ///
  /// The reading side of `RequestValidationError.statusDetails`, for clients (the CLI shows
  /// which field was wrong) and tests.
  public var badRequestFieldViolations: [Google_Rpc_BadRequest.FieldViolation] {
    metadata[binaryValues: RequestValidationError.statusDetailsKey].flatMap { bytes in
      let status = try? Google_Rpc_Status(serializedBytes: bytes)
      return (status?.details ?? [])
        .filter { $0.typeURL == RequestValidationError.badRequestTypeURL }
        .compactMap { try? Google_Rpc_BadRequest(serializedBytes: $0.value) }
        .flatMap(\.fieldViolations)
    }
  }
}
