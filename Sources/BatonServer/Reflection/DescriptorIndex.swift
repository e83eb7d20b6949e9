/// An index of serialized `FileDescriptorProto`s by file name, symbol and extension, built
/// from one or more `FileDescriptorSet`s such as the one embedded by codegen.
///
/// File bytes are kept exactly as they were in the set, so a reflection client sees what
/// protoc produced, source comments included.
public struct DescriptorIndex: Sendable {
  /// One file of the set.
  struct File: Sendable {
    var name: String
    var bytes: [UInt8]
    var dependencies: [String]
  }

  private(set) var files: [String: File] = [:]
  /// Fully qualified symbol (message, enum, service, method, field of an extension…) → file.
  private(set) var symbols: [String: String] = [:]
  /// Extended message type → extension field number → file.
  private(set) var extensions: [String: [Int32: String]] = [:]
  /// Fully qualified names of the services in the files, in file order.
  private(set) var services: [String] = []

  /// Indexes every `FileDescriptorSet` given; a file that appears in more than one set is
  /// taken from the first.
  public init(descriptorSets: [[UInt8]]) throws {
    for set in descriptorSets {
      var reader = ProtoWireReader(set[...])
      while let (number, value) = try reader.next() {
        guard number == 1, case .bytes(let file) = value else { continue }
        try self.addFile(Array(file))
      }
    }
  }

  private mutating func addFile(_ bytes: [UInt8]) throws {
    var name = ""
    var package = ""
    var dependencies: [String] = []
    var messages: [ArraySlice<UInt8>] = []
    var enums: [ArraySlice<UInt8>] = []
    var services: [ArraySlice<UInt8>] = []
    var extensions: [ArraySlice<UInt8>] = []
    var reader = ProtoWireReader(bytes[...])
    while let (number, value) = try reader.next() {
      guard case .bytes(let field) = value else { continue }
      switch number {
      case 1: name = field.descriptorString
      case 2: package = field.descriptorString
      case 3: dependencies.append(field.descriptorString)
      case 4: messages.append(field)
      case 5: enums.append(field)
      case 6: services.append(field)
      case 7: extensions.append(field)
      default: break
      }
    }
    guard self.files[name] == nil else { return }
    self.files[name] = File(name: name, bytes: bytes, dependencies: dependencies)

    let prefix = package.isEmpty ? "" : package + "."
    for message in messages { try self.addMessage(message, prefix: prefix, file: name) }
    for enumeration in enums { try self.addNamed(enumeration, prefix: prefix, file: name) }
    for service in services {
      let serviceName = try self.addNamed(service, prefix: prefix, file: name)
      self.services.append(serviceName)
      var reader = ProtoWireReader(service)
      while let (number, value) = try reader.next() {
        if number == 2, case .bytes(let method) = value {
          try self.addNamed(method, prefix: serviceName + ".", file: name)
        }
      }
    }
    for field in extensions { try self.addExtension(field, prefix: prefix, file: name) }
  }

  /// Indexes a descriptor whose name is field 1; returns its fully qualified name.
  @discardableResult
  private mutating func addNamed(_ descriptor: ArraySlice<UInt8>, prefix: String, file: String) throws -> String {
    var reader = ProtoWireReader(descriptor)
    while let (number, value) = try reader.next() {
      if number == 1, case .bytes(let name) = value {
        let qualified = prefix + name.descriptorString
        self.symbols[qualified] = file
        return qualified
      }
    }
    return prefix
  }

  private mutating func addMessage(_ message: ArraySlice<UInt8>, prefix: String, file: String) throws {
    let qualified = try self.addNamed(message, prefix: prefix, file: file)
    var reader = ProtoWireReader(message)
    while let (number, value) = try reader.next() {
      guard case .bytes(let nested) = value else { continue }
      switch number {
      case 2: try self.addNamed(nested, prefix: qualified + ".", file: file)  // fields
      case 3: try self.addMessage(nested, prefix: qualified + ".", file: file)
      case 4: try self.addNamed(nested, prefix: qualified + ".", file: file)
      case 6: try self.addExtension(nested, prefix: qualified + ".", file: file)
      case 8: try self.addNamed(nested, prefix: qualified + ".", file: file)  // oneofs
      default: break
      }
    }
  }

  private mutating func addExtension(_ field: ArraySlice<UInt8>, prefix: String, file: String) throws {
    var name = ""
    var extendee = ""
    var fieldNumber: Int32 = 0
    var reader = ProtoWireReader(field)
    while let (number, value) = try reader.next() {
      switch (number, value) {
      case (1, .bytes(let bytes)): name = bytes.descriptorString
      case (2, .bytes(let bytes)): extendee = bytes.descriptorString
      case (3, .varint(let value)): fieldNumber = Int32(truncatingIfNeeded: value)
      default: break
      }
    }
    self.symbols[prefix + name] = file
    if extendee.hasPrefix(".") { extendee.removeFirst() }
    self.extensions[extendee, default: [:]][fieldNumber] = file
  }

  // MARK: - Queries

  /// The file `name`, then the files it depends on, transitively, each once.
  public func fileWithDependencies(named name: String) -> [[UInt8]]? {
    guard self.files[name] != nil else { return nil }
    var ordered: [[UInt8]] = []
    var seen: Set<String> = []
    var queue = [name]
    while !queue.isEmpty {
      let next = queue.removeFirst()
      guard seen.insert(next).inserted, let file = self.files[next] else { continue }
      ordered.append(file.bytes)
      queue.append(contentsOf: file.dependencies)
    }
    return ordered
  }

  /// The file that declares `symbol` (with its dependencies); a leading dot is allowed.
  public func fileWithDependencies(containingSymbol symbol: String) -> [[UInt8]]? {
    let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
    return self.symbols[name].flatMap { self.fileWithDependencies(named: $0) }
  }

  public func fileWithDependencies(containingExtension number: Int32, of type: String) -> [[UInt8]]? {
    let name = type.hasPrefix(".") ? String(type.dropFirst()) : type
    return self.extensions[name]?[number].flatMap { self.fileWithDependencies(named: $0) }
  }

  /// The extension numbers of `type`; nil when the type is unknown.
  public func extensionNumbers(of type: String) -> [Int32]? {
    let name = type.hasPrefix(".") ? String(type.dropFirst()) : type
    guard self.symbols[name] != nil else { return nil }
    return (self.extensions[name].map { Array($0.keys) } ?? []).sorted()
  }

  /// Fully qualified names of every service in the indexed files.
  public var serviceNames: [String] { self.services }
}
