import BatonProto
import GRPCCore

/// `grpc.reflection.v1.ServerReflection` and `grpc.reflection.v1alpha.ServerReflection` over a
/// ``ReflectionEngine``: one handler registered under both method names, since the two versions'
/// messages are identical on the wire (v1alpha is v1 under its old package name).
struct ReflectionRPCService: RegistrableRPCService {
  let engine: ReflectionEngine

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let methods = [
      Grpc_Reflection_V1_ServerReflection.Method.ServerReflectionInfo.descriptor,
      Grpc_Reflection_V1alpha_ServerReflection.Method.ServerReflectionInfo.descriptor,
    ]
    for method in methods {
      router.registerHandler(
        forMethod: method,
        deserializer: WireDeserializer<Grpc_Reflection_V1_ServerReflectionRequest>(),
        serializer: WireSerializer<Grpc_Reflection_V1_ServerReflectionResponse>(),
        handler: { request, _ in
          StreamingServerResponse { writer in
            // One response per request, in order, until the client half-closes.
            for try await message in request.messages {
              try await writer.write(self.respond(to: message))
            }
            return [:]
          }
        }
      )
    }
  }

  private func respond(
    to request: Grpc_Reflection_V1_ServerReflectionRequest
  ) -> Grpc_Reflection_V1_ServerReflectionResponse {
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

    var response = Grpc_Reflection_V1_ServerReflectionResponse()
    response.validHost = request.host
    response.originalRequest = request
    switch self.engine.answer(generic) {
    case .files(let files):
      var answer = Grpc_Reflection_V1_FileDescriptorResponse()
      answer.fileDescriptorProto = files
      response.messageResponse = .fileDescriptorResponse(answer)
    case .extensionNumbers(let type, let numbers):
      var answer = Grpc_Reflection_V1_ExtensionNumberResponse()
      answer.baseTypeName = type
      answer.extensionNumber = numbers
      response.messageResponse = .allExtensionNumbersResponse(answer)
    case .services(let names):
      var answer = Grpc_Reflection_V1_ListServiceResponse()
      answer.service = names.map { name in
        var service = Grpc_Reflection_V1_ServiceResponse()
        service.name = name
        return service
      }
      response.messageResponse = .listServicesResponse(answer)
    case .error(let code, let message):
      var answer = Grpc_Reflection_V1_ErrorResponse()
      answer.errorCode = code
      answer.errorMessage = message
      response.messageResponse = .errorResponse(answer)
    }
    return response
  }
}
