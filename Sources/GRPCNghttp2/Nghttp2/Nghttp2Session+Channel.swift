import NIOCore

/// What writing a session's pending frames to a channel did.
enum PendingFramesWrite {
  /// nghttp2 failed fatally: the connection must close.
  case sessionFailed
  /// Frames were written while the channel stayed writable; `lastWrite` is nil when there were none.
  case written(lastWrite: EventLoopFuture<Void>?)
}

extension Nghttp2Session {
  /// Moves the frames nghttp2 wants to send into the channel of `context`, in buffers of up
  /// to 64 KiB, for as long as the channel is writable. Writes without flushing; the caller
  /// must be outside nghttp2 callbacks and mark itself as inside nghttp2 meanwhile.
  func writePendingFrames(to context: ChannelHandlerContext) -> PendingFramesWrite {
    var lastWrite: EventLoopFuture<Void>?
    while context.channel.isWritable {
      var buffer = context.channel.allocator.buffer(capacity: 16 * 1024)
      let result = self.drain(into: &buffer, maxBytes: 64 * 1024)
      if result < 0 { return .sessionFailed }
      if buffer.readableBytes > 0 {
        lastWrite = context.write(NIOAny(buffer))
      }
      if result == 0 { break }
    }
    return .written(lastWrite: lastWrite)
  }
}

extension ChannelHandlerContext {
  /// Closes the channel once `lastWrite` (if any) has reached the socket.
  func closeChannel(after lastWrite: EventLoopFuture<Void>?) {
    let channel = self.channel
    guard let lastWrite else {
      channel.close(promise: nil)
      return
    }
    lastWrite.whenComplete { _ in channel.close(promise: nil) }
    // A peer that does not read would keep that write pending forever.
    self.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
  }
}
