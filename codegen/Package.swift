// swift-tools-version:6.1
// The generator behind `codegen/generate`: turns the descriptor set that protoc-c wrote
// into Swift message types over the protoc-c structs and GRPCCore service stubs.
// It is a package of its own so that building Baton never builds the generator.
import PackageDescription

let package = Package(
  name: "baton-codegen",
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
  ],
  targets: [
    .executableTarget(
      name: "baton-codegen",
      dependencies: [
        .product(name: "SwiftProtobufPluginLibrary", package: "swift-protobuf"),
        .product(name: "GRPCCodeGen", package: "grpc-swift-2"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]
    )
  ]
)
