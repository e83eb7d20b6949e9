import GRPCCore

/// gRPC server reflection, `grpc.reflection.v1` and `grpc.reflection.v1alpha`, answered from
/// embedded `FileDescriptorSet`s.
///
/// Register both versions it provides: grpcurl 1.8 speaks v1alpha, newer clients try v1
/// first.
///
/// ```swift
/// let reflection = try ReflectionService(descriptorSets: [BatonDescriptors.bytes])
/// let server = GRPCServer(transport: transport, services: [myService] + reflection.services)
/// ```
public struct ReflectionService: Sendable {
  public static let v1ServiceName = "grpc.reflection.v1.ServerReflection"
  public static let v1alphaServiceName = "grpc.reflection.v1alpha.ServerReflection"

  let engine: ReflectionEngine

  /// - Parameters:
  ///   - descriptorSets: Serialized `FileDescriptorSet`s (with imports) describing the services.
  ///   - serviceNames: The services that `list_services` reports; by default every service in
  ///     the sets. The reflection services themselves are always listed.
  public init(descriptorSets: [[UInt8]], serviceNames: [String]? = nil) throws {
    let index = try DescriptorIndex(descriptorSets: descriptorSets)
    var names = serviceNames ?? index.serviceNames
    for reflection in [Self.v1ServiceName, Self.v1alphaServiceName] where !names.contains(reflection) {
      names.append(reflection)
    }
    self.engine = ReflectionEngine(index: index, services: names)
  }

  /// Both protocol versions, ready to register.
  public var services: [any RegistrableRPCService] {
    [ReflectionRPCService(engine: self.engine)]
  }
}
