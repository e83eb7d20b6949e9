import CNghttp2
import NIOCore

/// What an ``Nghttp2Session`` reports while it parses and serializes frames.
///
/// Every method is called from inside an nghttp2 call (`mem_recv` or `mem_send`) on the
/// connection's event loop. Implementations may submit frames and resume data, but must not
/// drain the session: nghttp2 is not re-entrant.
protocol Nghttp2SessionDelegate: AnyObject {
  func session(beginHeaders frame: UnsafePointer<nghttp2_frame>)
  func session(header name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, frame: UnsafePointer<nghttp2_frame>)
  func session(frameReceived frame: UnsafePointer<nghttp2_frame>)
  func session(dataChunk bytes: UnsafeRawBufferPointer, streamID: Int32)
  func session(frameSent frame: UnsafePointer<nghttp2_frame>)
  func session(streamClosed streamID: Int32, errorCode: UInt32)
  /// Copies up to `buffer.count` bytes of the stream's body into `buffer`.
  func session(readData streamID: Int32, into buffer: UnsafeMutableRawBufferPointer, flags: inout UInt32) -> Int
}

/// One nghttp2 session: an HTTP/2 connection's framing, HPACK and flow-control state.
///
/// The session is confined to its connection's event loop. It is fed with ``receive(_:)``
/// and drained with ``drain(into:maxBytes:)``; in between, nghttp2 calls back into the
/// ``Nghttp2SessionDelegate``. The delegate must outlive the session.
final class Nghttp2Session {
  enum Role {
    case server
    case client
  }

  /// Limits applied through `nghttp2_option`.
  struct Options {
    var maxReservedRemoteStreams: UInt32 = 0
    var maxOutboundAcks: Int = 1000
    var maxSettingsEntries: Int = 32
    var maxContinuations: Int = 8
    var streamResetBurst: UInt64 = 1000
    var streamResetRate: UInt64 = 33
    var maxHeaderBlockToSend: Int = 64 * 1024
    var peerMaxConcurrentStreams: UInt32 = 100
  }

  private(set) var pointer: OpaquePointer?
  unowned(unsafe) let delegate: any Nghttp2SessionDelegate

  init(role: Role, delegate: any Nghttp2SessionDelegate, options: Options) throws {
    self.delegate = delegate

    var callbacks: OpaquePointer?
    guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
      throw Nghttp2Error(code: Int(NGHTTP2_ERR_NOMEM.rawValue), operation: "callbacks_new")
    }
    defer { nghttp2_session_callbacks_del(callbacks) }
    Self.install(callbacks)

    var option: OpaquePointer?
    guard nghttp2_option_new(&option) == 0, let option else {
      throw Nghttp2Error(code: Int(NGHTTP2_ERR_NOMEM.rawValue), operation: "option_new")
    }
    defer { nghttp2_option_del(option) }
    // Window updates follow what the application has consumed, so a reader that stops
    // reading stops the peer too (see `consume`).
    nghttp2_option_set_no_auto_window_update(option, 1)
    nghttp2_option_set_max_reserved_remote_streams(option, options.maxReservedRemoteStreams)
    nghttp2_option_set_max_outbound_ack(option, options.maxOutboundAcks)
    nghttp2_option_set_max_settings(option, options.maxSettingsEntries)
    nghttp2_option_set_max_continuations(option, options.maxContinuations)
    nghttp2_option_set_max_send_header_block_length(option, options.maxHeaderBlockToSend)
    nghttp2_option_set_peer_max_concurrent_streams(option, options.peerMaxConcurrentStreams)
    if case .server = role {
      nghttp2_option_set_stream_reset_rate_limit(option, options.streamResetBurst, options.streamResetRate)
    }

    let userData = Unmanaged.passUnretained(self).toOpaque()
    var session: OpaquePointer?
    let rv: Int32
    switch role {
    case .server:
      rv = nghttp2_session_server_new2(&session, callbacks, userData, option)
    case .client:
      rv = nghttp2_session_client_new2(&session, callbacks, userData, option)
    }
    guard rv == 0, let session else {
      throw Nghttp2Error(code: Int(rv), operation: "session_new")
    }
    self.pointer = session
  }

  deinit {
    self.close()
  }

  /// Frees the nghttp2 session; after this no callback can fire.
  func close() {
    if let pointer = self.pointer {
      nghttp2_session_del(pointer)
      self.pointer = nil
    }
  }

  var isOpen: Bool { self.pointer != nil }

  // MARK: - Feeding and draining

  /// Parses `bytes`; returns nghttp2's negative error code when the peer broke the protocol.
  func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
    guard let pointer, let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
    return nghttp2_session_mem_recv(pointer, base.assumingMemoryBound(to: UInt8.self), bytes.count)
  }

  /// Serializes pending frames into `buffer`, up to about `maxBytes`; returns nghttp2's
  /// negative error code on a fatal error, otherwise the number of bytes written.
  func drain(into buffer: inout ByteBuffer, maxBytes: Int) -> Int {
    guard let pointer else { return 0 }
    var written = 0
    while written < maxBytes {
      var data: UnsafePointer<UInt8>?
      let count = nghttp2_session_mem_send(pointer, &data)
      if count < 0 { return count }
      if count == 0 { break }
      // `data` is valid only until the next nghttp2 call: copy it now.
      buffer.writeBytes(UnsafeRawBufferPointer(start: data, count: count))
      written += count
    }
    return written
  }

  var wantsRead: Bool { self.pointer.map { nghttp2_session_want_read($0) != 0 } ?? false }
  var wantsWrite: Bool { self.pointer.map { nghttp2_session_want_write($0) != 0 } ?? false }

  // MARK: - Submitting frames

  func submitSettings(_ settings: [(id: nghttp2_settings_id, value: UInt32)]) {
    guard let pointer else { return }
    var entries = settings.map { nghttp2_settings_entry(settings_id: Int32($0.id.rawValue), value: $0.value) }
    _ = nghttp2_submit_settings(pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count)
  }

  /// Raises the connection's receive window so that only per-stream windows limit the peer.
  func setConnectionWindow(_ size: Int32) {
    guard let pointer else { return }
    _ = nghttp2_session_set_local_window_size(pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, size)
  }

  /// Sends response HEADERS; with `endStream` they carry END_STREAM (Trailers-Only),
  /// otherwise a data provider reads the body through the delegate.
  @discardableResult
  func submitResponse(streamID: Int32, headers: HeaderList, endStream: Bool) -> Int32 {
    guard let pointer else { return -1 }
    return headers.withNghttp2Headers { nva, count in
      if endStream {
        return nghttp2_submit_response(pointer, streamID, nva, count, nil)
      }
      var provider = Self.dataProvider
      return nghttp2_submit_response(pointer, streamID, nva, count, &provider)
    }
  }

  /// Opens a request stream whose body is read through the delegate; returns the stream ID.
  func submitRequest(headers: HeaderList) -> Int32 {
    guard let pointer else { return -1 }
    return headers.withNghttp2Headers { nva, count in
      var provider = Self.dataProvider
      return nghttp2_submit_request(pointer, nil, nva, count, &provider, nil)
    }
  }

  @discardableResult
  func submitTrailers(streamID: Int32, headers: HeaderList) -> Int32 {
    guard let pointer else { return -1 }
    return headers.withNghttp2Headers { nva, count in
      nghttp2_submit_trailer(pointer, streamID, nva, count)
    }
  }

  func resumeData(streamID: Int32) {
    guard let pointer else { return }
    _ = nghttp2_session_resume_data(pointer, streamID)
  }

  func resetStream(_ streamID: Int32, errorCode: HTTP2ErrorCode) {
    guard let pointer else { return }
    _ = nghttp2_submit_rst_stream(pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode.rawValue)
  }

  func submitPing(opaque: UInt64) {
    guard let pointer else { return }
    var bytes = opaque.bigEndian
    withUnsafeBytes(of: &bytes) { raw in
      _ = nghttp2_submit_ping(pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
  }

  /// GOAWAY with the highest stream ID, announcing a shutdown without refusing anything yet.
  func submitShutdownNotice() {
    guard let pointer else { return }
    _ = nghttp2_submit_shutdown_notice(pointer)
  }

  func submitGoaway(lastStreamID: Int32, errorCode: HTTP2ErrorCode, debugData: String = "") {
    guard let pointer else { return }
    var debug = Array(debugData.utf8)
    _ = debug.withUnsafeMutableBufferPointer { buffer in
      nghttp2_submit_goaway(
        pointer,
        UInt8(NGHTTP2_FLAG_NONE.rawValue),
        lastStreamID,
        errorCode.rawValue,
        buffer.baseAddress,
        buffer.count
      )
    }
  }

  /// Closes the session with GOAWAY(`errorCode`) once pending frames are written.
  func terminate(errorCode: HTTP2ErrorCode) {
    guard let pointer else { return }
    _ = nghttp2_session_terminate_session(pointer, errorCode.rawValue)
  }

  var lastProcessedStreamID: Int32 {
    self.pointer.map { nghttp2_session_get_last_proc_stream_id($0) } ?? 0
  }

  /// Tells the peer it may send `count` more bytes on the connection.
  func consumeConnection(_ count: Int) {
    guard let pointer, count > 0 else { return }
    _ = nghttp2_session_consume_connection(pointer, count)
  }

  /// Tells the peer it may send `count` more bytes on the stream.
  func consumeStream(_ streamID: Int32, _ count: Int) {
    guard let pointer, count > 0 else { return }
    _ = nghttp2_session_consume_stream(pointer, streamID, count)
  }

  func isRemoteClosed(_ streamID: Int32) -> Bool {
    guard let pointer else { return true }
    return nghttp2_session_get_stream_remote_close(pointer, streamID) != 0
  }

  // MARK: - Callbacks

  private static let dataProvider = nghttp2_data_provider(
    source: nghttp2_data_source(ptr: nil),
    read_callback: { _, streamID, buffer, length, flags, _, userData in
      let session = Unmanaged<Nghttp2Session>.fromOpaque(userData!).takeUnretainedValue()
      var dataFlags = flags!.pointee
      let result = session.delegate.session(
        readData: streamID,
        into: UnsafeMutableRawBufferPointer(start: buffer, count: length),
        flags: &dataFlags
      )
      flags!.pointee = dataFlags
      return result
    }
  )

  private static func session(_ userData: UnsafeMutableRawPointer?) -> Nghttp2Session {
    Unmanaged<Nghttp2Session>.fromOpaque(userData!).takeUnretainedValue()
  }

  private static func install(_ callbacks: OpaquePointer) {
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, userData in
      Nghttp2Session.session(userData).delegate.session(beginHeaders: frame!)
      return 0
    }
    nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, userData in
      Nghttp2Session.session(userData).delegate.session(
        header: UnsafeRawBufferPointer(start: name, count: nameLength),
        value: UnsafeRawBufferPointer(start: value, count: valueLength),
        frame: frame!
      )
      return 0
    }
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, userData in
      Nghttp2Session.session(userData).delegate.session(frameReceived: frame!)
      return 0
    }
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, streamID, data, length, userData in
      Nghttp2Session.session(userData).delegate.session(
        dataChunk: UnsafeRawBufferPointer(start: data, count: length),
        streamID: streamID
      )
      return 0
    }
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks) { _, frame, userData in
      Nghttp2Session.session(userData).delegate.session(frameSent: frame!)
      return 0
    }
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, streamID, errorCode, userData in
      Nghttp2Session.session(userData).delegate.session(streamClosed: streamID, errorCode: errorCode)
      return 0
    }
  }
}

/// A failed nghttp2 call.
struct Nghttp2Error: Error, CustomStringConvertible {
  var code: Int
  var operation: String

  var description: String {
    let message = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: self.code)))
    return "nghttp2 \(self.operation) failed: \(message) (\(self.code))"
  }
}
