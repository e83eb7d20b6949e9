import BatonProto
import GRPCCore

/// `grpc.reflection.v1alpha.ServerReflection` over a ``ReflectionEngine``.
struct ReflectionServiceV1Alpha: Grpc_Reflection_V1alpha_ServerReflection.StreamingServiceProtocol {
  let engine: ReflectionEngine

  func serverReflectionInfo(
    request: StreamingServerRequest<Grpc_Reflection_V1alpha_ServerReflectionRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Reflection_V1alpha_ServerReflectionResponse> {
    StreamingServerResponse { writer in
      // One response per request, in order, until the client half-closes.
      for try await message in request.messages {
        try await writer.write(self.respond(to: message))
      }
      return [:]
    }
  }

  private func respond(
    to request: Grpc_Reflection_V1alpha_ServerReflectionRequest
  ) -> Grpc_Reflection_V1alpha_ServerReflectionResponse {
    let generic: ReflectionEngine.Request
    switch request.messageRequest {
    case .fileByFilename(let name): generic = .fileByFilename(name)
    case .fileContainingSymbol(let symbol): generic = .fileContainingSymbol(symbol)
    case .fileContainingExtension(let ext):
      generic = .fileContainingExtension(type: ext.containingType, number: ext.extensionNumber)
    case .allExtensionNumbersOfType(let type): generic = .allExtensionNumbersOfType(type)
    case .listServices: generic = .listServices
    case nil: generic = .missing
    }

    var response = Grpc_Reflection_V1alpha_ServerReflectionResponse()
    response.validHost = request.host
    response.originalRequest = request
    switch self.engine.answer(generic) {
    case .files(let files):
      var answer = Grpc_Reflection_V1alpha_FileDescriptorResponse()
      answer.fileDescriptorProto = files
      response.messageResponse = .fileDescriptorResponse(answer)
    case .extensionNumbers(let type, let numbers):
      var answer = Grpc_Reflection_V1alpha_ExtensionNumberResponse()
      answer.baseTypeName = type
      answer.extensionNumber = numbers
      response.messageResponse = .allExtensionNumbersResponse(answer)
    case .services(let names):
      var answer = Grpc_Reflection_V1alpha_ListServiceResponse()
      answer.service = names.map { name in
        var service = Grpc_Reflection_V1alpha_ServiceResponse()
        service.name = name
        return service
      }
      response.messageResponse = .listServicesResponse(answer)
    case .error(let code, let message):
      var answer = Grpc_Reflection_V1alpha_ErrorResponse()
      answer.errorCode = code
      answer.errorMessage = message
      response.messageResponse = .errorResponse(answer)
    }
    return response
  }
}
