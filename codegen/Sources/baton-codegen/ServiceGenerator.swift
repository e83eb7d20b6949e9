import GRPCCodeGen
import SwiftProtobufPluginLibrary

/// Describes a file's services to GRPCCodeGen, which writes the typed service
/// protocols and clients; messages travel through the protobuf-c serializers.
struct ServiceGenerator {
  let file: FileDescriptor
  let namer: SwiftProtobufNamer
  /// The Swift module the stubs are generated into.
  let module: String

  func generate(leadingTrivia: String) throws -> String {
    let request = CodeGenerationRequest(
      fileName: file.name,
      leadingTrivia: leadingTrivia,
      // The serializers live in BatonProto.
      dependencies: module == "BatonProto" ? [] : [Dependency(module: "BatonProto", accessLevel: .public)],
      services: file.services.map(describe),
      makeSerializerCodeSnippet: { "WireSerializer<\($0)>()" },
      makeDeserializerCodeSnippet: { "WireDeserializer<\($0)>()" }
    )
    let config = CodeGenerator.Config(
      accessLevel: .public,
      accessLevelOnImports: false,
      client: true,
      server: true,
      indentation: 2
    )
    return try CodeGenerator(config: config).generate(request).contents
  }

  private func describe(_ service: SwiftProtobufPluginLibrary.ServiceDescriptor) -> GRPCCodeGen.ServiceDescriptor {
    let typePrefix = namer.typePrefix(forFile: file)
    let propertyPrefix = file.package.split(separator: ".").joined(separator: "_")
    return GRPCCodeGen.ServiceDescriptor(
      documentation: service.protoSourceComments(),
      name: ServiceName(
        identifyingName: service.fullName,
        typeName: typePrefix + service.name,
        propertyName: (propertyPrefix.isEmpty ? "" : propertyPrefix + "_") + service.name
      ),
      methods: service.methods.map { method in
        GRPCCodeGen.MethodDescriptor(
          documentation: method.protoSourceComments(),
          name: MethodName(
            identifyingName: method.name,
            typeName: method.name,
            functionName: NamingUtils.toLowerCamelCase(method.name)
          ),
          isInputStreaming: method.clientStreaming,
          isOutputStreaming: method.serverStreaming,
          inputType: namer.swiftName(message: method.inputType),
          outputType: namer.swiftName(message: method.outputType)
        )
      }
    )
  }
}
