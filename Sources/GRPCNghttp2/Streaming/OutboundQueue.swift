import NIOCore

/// Framed message bytes of one stream, waiting for nghttp2's data provider to copy them
/// into DATA frames.
struct OutboundQueue {
  private var buffers = CircularBuffer<ByteBuffer>()
  /// The bytes queued and not yet copied out.
  private(set) var byteCount = 0

  var isEmpty: Bool { self.buffers.isEmpty }

  mutating func append(_ buffer: ByteBuffer) {
    self.buffers.append(buffer)
    self.byteCount += buffer.readableBytes
  }

  mutating func removeAll() {
    self.buffers.removeAll()
    self.byteCount = 0
  }

  /// Copies queued bytes into `destination`; returns how many were copied.
  mutating func read(into destination: UnsafeMutableRawBufferPointer) -> Int {
    var copied = 0
    while copied < destination.count, var head = self.buffers.first {
      let count = min(head.readableBytes, destination.count - copied)
      head.withUnsafeReadableBytes { bytes in
        UnsafeMutableRawBufferPointer(rebasing: destination[copied..<(copied + count)])
          .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
      }
      head.moveReaderIndex(forwardBy: count)
      copied += count
      self.byteCount -= count
      if head.readableBytes == 0 {
        self.buffers.removeFirst()
      } else {
        self.buffers[self.buffers.startIndex] = head
      }
    }
    return copied
  }
}
