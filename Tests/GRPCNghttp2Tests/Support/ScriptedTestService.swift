import Foundation
import GRPCCore
import GRPCNghttp2
import InteropProto
import Synchronization

/// What the test service's handlers saw, for assertions from the test's side.
final class ServiceProbe: Sendable {
  private struct State {
    var started = 0
    var cancelled = 0
    var completed = 0
    var messagesWritten = 0
    var lastMetadata = Metadata()
  }

  private let state = Mutex(State())

  var started: Int { self.state.withLock { $0.started } }
  var cancelled: Int { self.state.withLock { $0.cancelled } }
  var completed: Int { self.state.withLock { $0.completed } }
  var messagesWritten: Int { self.state.withLock { $0.messagesWritten } }
  var lastMetadata: Metadata { self.state.withLock { $0.lastMetadata } }

  func recordStart(_ metadata: Metadata) {
    self.state.withLock {
      $0.started += 1
      $0.lastMetadata = metadata
    }
  }

  func recordCancelled() { self.state.withLock { $0.cancelled += 1 } }
  func recordCompleted() { self.state.withLock { $0.completed += 1 } }
  func recordWrite() { self.state.withLock { $0.messagesWritten += 1 } }
}

/// `grpc.testing.TestService` with behaviours the transport tests need, chosen by the
/// `x-mode` request header:
///
/// - `hang`: the handler waits until it is cancelled (deadlines, cancellation);
/// - `flood`: StreamingOutputCall writes up to 2,000 messages of 64 KiB (backpressure);
/// - `abort`: FullDuplexCall answers one message, then ends with CANCELLED;
///
/// otherwise it behaves as the interop server does. Headers starting `x-echo-` come back as
/// initial and trailing metadata.
struct ScriptedTestService: Grpc_Testing_TestService.ServiceProtocol {
  let probe: ServiceProbe

  private func mode(_ metadata: Metadata) -> String {
    metadata[stringValues: "x-mode"].first(where: { _ in true }) ?? ""
  }

  private func echoed(_ metadata: Metadata) -> Metadata {
    var echoed = Metadata()
    for (key, value) in metadata where key.hasPrefix("x-echo-") {
      switch value {
      case .string(let string): echoed.addString(string, forKey: key)
      case .binary(let bytes): echoed.addBinary(bytes, forKey: key)
      }
    }
    return echoed
  }

  private func hang(_ context: ServerContext) async throws -> Never {
    do {
      try await Task.sleep(for: .seconds(60))
    } catch {
      self.probe.recordCancelled()
      throw error
    }
    throw RPCError(code: .internalError, message: "hang was not cancelled")
  }

  private static func payload(_ size: Int) -> Grpc_Testing_Payload {
    var payload = Grpc_Testing_Payload()
    payload.body = Data(count: size)
    return payload
  }

  func emptyCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    self.probe.recordStart(request.metadata)
    return ServerResponse(message: Grpc_Testing_Empty(), metadata: self.echoed(request.metadata), trailingMetadata: self.echoed(request.metadata))
  }

  func unaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    self.probe.recordStart(request.metadata)
    if self.mode(request.metadata) == "hang" { try await self.hang(context) }
    if let status = request.message.responseStatus, status.code != 0 {
      var metadata = self.echoed(request.metadata)
      if let details = request.metadata[binaryValues: "x-details-bin"].first(where: { _ in true }) {
        metadata.addBinary(details, forKey: "grpc-status-details-bin")
      }
      throw RPCError(
        code: RPCError.Code(Status.Code(rawValue: Int(status.code))!)!,
        message: status.message,
        metadata: metadata
      )
    }
    var response = Grpc_Testing_SimpleResponse()
    response.payload = Self.payload(Int(request.message.responseSize))
    response.username = "\(request.message.payload?.body.count ?? 0)"
    self.probe.recordCompleted()
    return ServerResponse(message: response, metadata: self.echoed(request.metadata), trailingMetadata: self.echoed(request.metadata))
  }

  func cacheableUnaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    try await self.unaryCall(request: request, context: context)
  }

  func streamingOutputCall(
    request: ServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    self.probe.recordStart(request.metadata)
    let mode = self.mode(request.metadata)
    return StreamingServerResponse(metadata: self.echoed(request.metadata)) { writer in
      if mode == "flood" {
        var response = Grpc_Testing_StreamingOutputCallResponse()
        response.payload = Self.payload(64 * 1024)
        do {
          for _ in 0..<2000 {
            try await writer.write(response)
            self.probe.recordWrite()
          }
        } catch {
          self.probe.recordCancelled()
          throw error
        }
      } else {
        do {
          for parameters in request.message.responseParameters {
            if parameters.intervalUs > 0 {
              try await Task.sleep(for: .microseconds(Int(parameters.intervalUs)))
            }
            var response = Grpc_Testing_StreamingOutputCallResponse()
            response.payload = Self.payload(Int(parameters.size))
            try await writer.write(response)
            self.probe.recordWrite()
          }
        } catch {
          self.probe.recordCancelled()
          throw error
        }
      }
      self.probe.recordCompleted()
      return self.echoed(request.metadata)
    }
  }

  func streamingInputCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingInputCallRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_StreamingInputCallResponse> {
    self.probe.recordStart(request.metadata)
    var total = 0
    do {
      for try await message in request.messages {
        total += message.payload?.body.count ?? 0
      }
    } catch {
      self.probe.recordCancelled()
      throw error
    }
    var response = Grpc_Testing_StreamingInputCallResponse()
    response.aggregatedPayloadSize = Int32(total)
    self.probe.recordCompleted()
    return ServerResponse(message: response)
  }

  func fullDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    self.probe.recordStart(request.metadata)
    let mode = self.mode(request.metadata)
    return StreamingServerResponse(metadata: self.echoed(request.metadata)) { writer in
      do {
        for try await message in request.messages {
          for parameters in message.responseParameters {
            var response = Grpc_Testing_StreamingOutputCallResponse()
            response.payload = Self.payload(Int(parameters.size))
            try await writer.write(response)
            self.probe.recordWrite()
          }
          if mode == "abort" {
            throw RPCError(code: .cancelled, message: "The server cancelled the call.")
          }
        }
      } catch let error as RPCError where error.code == .cancelled && mode == "abort" {
        throw error
      } catch {
        self.probe.recordCancelled()
        throw error
      }
      self.probe.recordCompleted()
      return self.echoed(request.metadata)
    }
  }

  func halfDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    throw RPCError(code: .unimplemented, message: "no")
  }

  func unimplementedCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    throw RPCError(code: .unimplemented, message: "no")
  }
}
