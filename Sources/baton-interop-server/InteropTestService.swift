import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto

/// `grpc.testing.TestService` as the public interop test descriptions specify its server
/// features: EmptyCall, UnaryCall, the streaming calls, Echo Status, Echo Metadata,
/// CompressedRequest and CompressedResponse.
struct InteropTestService: Grpc_Testing_TestService.ServiceProtocol {
  static let initialMetadataKey = "x-grpc-test-echo-initial"
  static let trailingMetadataKey = "x-grpc-test-echo-trailing-bin"
  /// Room for a response's own fields around its payload: tags, lengths, the payload type.
  private static let responseFieldBytes = 64

  /// The largest payload answered: the transport would refuse a larger response anyway, so
  /// the request is refused before gigabytes of zeros are made.
  let maxPayloadBytes: Int

  init(maxResponseBytes: Int) {
    self.maxPayloadBytes = maxResponseBytes - Self.responseFieldBytes
  }

  func emptyCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    ServerResponse(
      message: Grpc_Testing_Empty(),
      metadata: Self.echoedInitial(request.metadata),
      trailingMetadata: Self.echoedTrailing(request.metadata)
    )
  }

  func unaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    let message = request.message
    let transport = context.transportSpecific as? Nghttp2ServerContext
    if message.expectCompressed?.value == true, (transport?.compressedRequestMessages ?? 0) == 0 {
      throw RPCError(code: .invalidArgument, message: "Expected a compressed request.")
    }
    if let status = message.responseStatus, status.code != 0 {
      throw Self.echoedError(status, metadata: request.metadata)
    }
    transport?.setCompressResponses(message.responseCompressed?.value == true)
    var response = Grpc_Testing_SimpleResponse()
    response.payload = try self.payload(size: Int(message.responseSize), type: message.responseType)
    return ServerResponse(
      message: response,
      metadata: Self.echoedInitial(request.metadata),
      trailingMetadata: Self.echoedTrailing(request.metadata)
    )
  }

  func cacheableUnaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    var response = Grpc_Testing_SimpleResponse()
    var payload = Grpc_Testing_Payload()
    payload.body = Data(String(DispatchTime.now().uptimeNanoseconds).utf8)
    response.payload = payload
    return ServerResponse(message: response, metadata: ["cache-control": "max-age=60, public"])
  }

  func streamingOutputCall(
    request: ServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    let message = request.message
    if let status = message.responseStatus, status.code != 0 {
      throw Self.echoedError(status, metadata: request.metadata)
    }
    let transport = context.transportSpecific as? Nghttp2ServerContext
    return StreamingServerResponse(metadata: Self.echoedInitial(request.metadata)) { writer in
      for parameters in message.responseParameters {
        try await self.respond(to: parameters, type: message.responseType, writer: writer, transport: transport)
      }
      return Self.echoedTrailing(request.metadata)
    }
  }

  func streamingInputCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingInputCallRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_StreamingInputCallResponse> {
    let transport = context.transportSpecific as? Nghttp2ServerContext
    var total = 0
    for try await message in request.messages {
      if message.expectCompressed?.value == true, (transport?.compressedRequestMessages ?? 0) == 0 {
        throw RPCError(code: .invalidArgument, message: "Expected a compressed request.")
      }
      total += message.payload?.body.count ?? 0
    }
    var response = Grpc_Testing_StreamingInputCallResponse()
    response.aggregatedPayloadSize = Int32(total)
    return ServerResponse(message: response)
  }

  func fullDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    let transport = context.transportSpecific as? Nghttp2ServerContext
    return StreamingServerResponse(metadata: Self.echoedInitial(request.metadata)) { writer in
      for try await message in request.messages {
        if let status = message.responseStatus, status.code != 0 {
          throw Self.echoedError(status, metadata: request.metadata)
        }
        for parameters in message.responseParameters {
          try await self.respond(to: parameters, type: message.payload?.type ?? message.responseType, writer: writer, transport: transport)
        }
      }
      return Self.echoedTrailing(request.metadata)
    }
  }

  func halfDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    throw RPCError(code: .unimplemented, message: "HalfDuplexCall is not implemented.")
  }

  func unimplementedCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    throw RPCError(code: .unimplemented, message: "UnimplementedCall is unimplemented, as the interop tests expect.")
  }

  // MARK: - Helpers

  private func respond(
    to parameters: Grpc_Testing_ResponseParameters,
    type: Grpc_Testing_PayloadType,
    writer: RPCWriter<Grpc_Testing_StreamingOutputCallResponse>,
    transport: Nghttp2ServerContext?
  ) async throws {
    if parameters.intervalUs > 0 {
      try await Task.sleep(for: .microseconds(Int(parameters.intervalUs)))
    }
    transport?.setCompressResponses(parameters.compressed?.value == true)
    var response = Grpc_Testing_StreamingOutputCallResponse()
    response.payload = try self.payload(size: Int(parameters.size), type: type)
    try await writer.write(response)
  }

  private func payload(size: Int, type: Grpc_Testing_PayloadType) throws -> Grpc_Testing_Payload {
    guard size <= self.maxPayloadBytes else {
      throw RPCError(
        code: .resourceExhausted, message: "A payload of \(size) bytes is larger than the limit of \(self.maxPayloadBytes).")
    }
    var payload = Grpc_Testing_Payload()
    payload.type = type
    payload.body = Data(count: max(0, size))
    return payload
  }

  private static func echoedInitial(_ metadata: Metadata) -> Metadata {
    var echoed = Metadata()
    for value in metadata[stringValues: Self.initialMetadataKey] {
      echoed.addString(value, forKey: Self.initialMetadataKey)
    }
    return echoed
  }

  private static func echoedTrailing(_ metadata: Metadata) -> Metadata {
    var echoed = Metadata()
    for value in metadata[binaryValues: Self.trailingMetadataKey] {
      echoed.addBinary(value, forKey: Self.trailingMetadataKey)
    }
    return echoed
  }

  private static func echoedError(_ status: Grpc_Testing_EchoStatus, metadata: Metadata) -> RPCError {
    let code = Status.Code(rawValue: Int(status.code)).flatMap { RPCError.Code($0) } ?? .unknown
    return RPCError(code: code, message: status.message, metadata: Self.echoedTrailing(metadata))
  }
}
