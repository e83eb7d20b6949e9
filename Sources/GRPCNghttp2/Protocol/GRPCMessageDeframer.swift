/// Splits the bytes of DATA frames into gRPC length-prefixed messages.
///
/// A message is a 1-byte compressed flag, a 4-byte big-endian length and the message bytes;
/// DATA frame boundaries are unrelated to message boundaries, so bytes are collected here
/// until a message is complete.
struct GRPCMessageDeframer {
  /// One length-prefixed message, still compressed if `isCompressed`.
  struct Message {
    var isCompressed: Bool
    var bytes: [UInt8]
  }

  enum Failure: Error, Equatable {
    /// The length prefix announces more than the limit; no byte of it was buffered.
    case messageTooLarge(length: Int, limit: Int)
    /// The compressed flag is neither 0 nor 1.
    case invalidFlag(UInt8)
  }

  private let maxMessageBytes: Int
  private var header: [UInt8] = []
  private var pending: Message?
  private var remaining = 0

  init(maxMessageBytes: Int) {
    self.maxMessageBytes = maxMessageBytes
    self.header.reserveCapacity(5)
  }

  /// True when part of a message has been received but not all of it.
  var hasPartialMessage: Bool {
    !self.header.isEmpty || self.pending != nil
  }

  /// The memory the message not yet complete takes: once its prefix is in, the length it
  /// announces, since the buffer is reserved at that size.
  var partialMessageBytes: Int {
    self.header.count + (self.pending.map { $0.bytes.count + self.remaining } ?? 0)
  }

  /// Frees the unfinished message of a stream that will read no more.
  mutating func discardPartialMessage() {
    self.header.removeAll()
    self.pending = nil
    self.remaining = 0
  }

  /// Consumes `bytes`, calling `deliver` for each message they complete.
  mutating func append(_ bytes: UnsafeRawBufferPointer, deliver: (Message) throws -> Void) throws {
    var index = 0
    while index < bytes.count {
      if self.pending == nil {
        // Collect the 5-byte prefix, which may itself be split across chunks.
        let take = min(5 - self.header.count, bytes.count - index)
        self.header.append(contentsOf: bytes[index..<(index + take)])
        index += take
        guard self.header.count == 5 else { return }
        let flag = self.header[0]
        guard flag <= 1 else { throw Failure.invalidFlag(flag) }
        let length = Int(self.header[1]) << 24 | Int(self.header[2]) << 16 | Int(self.header[3]) << 8 | Int(self.header[4])
        guard length <= self.maxMessageBytes else {
          throw Failure.messageTooLarge(length: length, limit: self.maxMessageBytes)
        }
        self.header.removeAll(keepingCapacity: true)
        var message = Message(isCompressed: flag == 1, bytes: [])
        message.bytes.reserveCapacity(length)
        self.pending = message
        self.remaining = length
      }
      let take = min(self.remaining, bytes.count - index)
      if take > 0 {
        self.pending!.bytes.append(contentsOf: bytes[index..<(index + take)])
        index += take
        self.remaining -= take
      }
      if self.remaining == 0, let message = self.pending {
        self.pending = nil
        try deliver(message)
      }
    }
  }
}
