import BatonProto
import Foundation
import GRPCCore

extension RequestValidationError: RPCErrorConvertible {
  /// The metadata key of the rich error model: a serialized `google.rpc.Status`, sent in the
  /// trailers next to `grpc-status` and `grpc-message`.
  public static let statusDetailsKey = "grpc-status-details-bin"

  /// The `type_url` of a packed `google.rpc.BadRequest`.
  public static let badRequestTypeURL = "type.googleapis.com/google.rpc.BadRequest"

  public var rpcErrorCode: RPCError.Code { .invalidArgument }

  public var rpcErrorMessage: String { message }

  /// `grpc-status-details-bin`: google.rpc.Status{code: 3, message, details: [BadRequest]}.
  public var rpcErrorMetadata: Metadata {
    var metadata = Metadata()
    metadata.addBinary(statusDetails.serializedBytes(), forKey: Self.statusDetailsKey)
    return metadata
  }

  /// The `google.rpc.Status` that mirrors this error, its violations packed as a BadRequest.
  public var statusDetails: Google_Rpc_Status {
    var badRequest = Google_Rpc_BadRequest()
    badRequest.fieldViolations = violations.map { violation in
      var fieldViolation = Google_Rpc_BadRequest.FieldViolation()
      fieldViolation.field = violation.field
      fieldViolation.description_p = violation.message
      return fieldViolation
    }
    var packed = Google_Protobuf_Any()
    packed.typeURL = Self.badRequestTypeURL
    packed.value = Data(badRequest.serializedBytes())
    var status = Google_Rpc_Status()
    status.code = Int32(RPCError.Code.invalidArgument.rawValue)
    status.message = message
    status.details = [packed]
    return status
  }
}
