import CProtobufC
import Foundation

/// Owns the C memory of one outgoing message while protobuf-c packs it.
///
/// `makeC(in:)` builds a protoc-c struct whose strings, arrays and sub-messages all live
/// here; everything is freed together once the arena goes away, after packing.
package final class CArena {
  /// Zeroed blocks that allocations are carved from, so building a message costs a few
  /// `calloc` calls rather than one per string and sub-message.
  private var blocks: [UnsafeMutableRawPointer] = []
  private var next: UnsafeMutableRawPointer?
  private var remaining = 0
  private static let blockSize = 8192

  package init() {}

  deinit {
    for block in blocks { free(block) }
  }

  /// Zeroed memory for one `T`, as protoc-c's `__init` functions expect.
  package func allocate<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
    allocateArray(type, count: 1)
  }

  /// Raw zeroed memory, for protobuf-c's allocator when it unpacks into the arena.
  package func allocateBytes(_ size: Int) -> UnsafeMutableRawPointer {
    UnsafeMutableRawPointer(allocateArray(UInt64.self, count: (size + 7) / 8))
  }

  /// A NUL-terminated copy of `string`.
  package func string(_ string: String) -> UnsafeMutablePointer<CChar> {
    var string = string
    return string.withUTF8 { utf8 in
      let copy = allocateArray(UInt8.self, count: utf8.count + 1)
      copy.initialize(from: utf8.baseAddress!, count: utf8.count)
      copy[utf8.count] = 0
      return UnsafeMutableRawPointer(copy).assumingMemoryBound(to: CChar.self)
    }
  }

  package func bytes(_ data: Data) -> ProtobufCBinaryData {
    guard !data.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
    let copy = allocateArray(UInt8.self, count: data.count)
    data.copyBytes(to: copy, count: data.count)
    return ProtobufCBinaryData(len: data.count, data: copy)
  }

  /// A C array of the converted values, or null when there are none.
  package func array<Value, Element>(
    _ values: some Collection<Value>,
    _ convert: (Value) -> Element
  ) -> UnsafeMutablePointer<Element>? {
    guard !values.isEmpty else { return nil }
    let array = allocateArray(Element.self, count: values.count)
    for (index, value) in values.enumerated() {
      (array + index).initialize(to: convert(value))
    }
    return array
  }

  /// The C struct of `value`, on the heap, for a message-typed field.
  package func message<Value: CBridged>(_ value: Value) -> UnsafeMutablePointer<Value.CStruct> {
    let pointer = allocate(Value.CStruct.self)
    pointer.pointee = value.makeC(in: self)
    return pointer
  }

  private func allocateArray<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
    let size = max(1, MemoryLayout<T>.stride * count)
    let alignment = MemoryLayout<T>.alignment
    if let next {
      let padding = (alignment - Int(bitPattern: next) % alignment) % alignment
      if padding + size <= remaining {
        let start = next + padding
        self.next = start + size
        remaining -= padding + size
        return start.bindMemory(to: T.self, capacity: count)
      }
    }
    // calloc's memory is aligned for any C type, so a new block needs no padding.
    let blockSize = max(Self.blockSize, size)
    guard let block = calloc(1, blockSize) else {
      fatalError("out of memory allocating \(blockSize) bytes for a protobuf message")
    }
    blocks.append(block)
    next = block + size
    remaining = blockSize - size
    return block.bindMemory(to: T.self, capacity: count)
  }
}

extension CArena {
  /// A wrapper type's C struct (`StringValue`, `Int32Value`…) on the heap, set up by `initialize`.
  package func wrapper<Wrapper>(
    _ initialize: (UnsafeMutablePointer<Wrapper>?) -> Void,
    _ setValue: (inout Wrapper) -> Void
  ) -> UnsafeMutablePointer<Wrapper> {
    let pointer = allocate(Wrapper.self)
    initialize(pointer)
    setValue(&pointer.pointee)
    return pointer
  }
}
