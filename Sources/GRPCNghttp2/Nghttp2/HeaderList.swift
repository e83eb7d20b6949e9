import CNghttp2

/// An ordered list of HTTP/2 header fields, as sent in one HEADERS block.
///
/// Names must already be lowercase; values are sent as given (binary metadata is
/// base64-encoded before it gets here).
struct HeaderList: Sendable, ExpressibleByArrayLiteral {
  private(set) var fields: [(name: String, value: String)]

  init() {
    self.fields = []
  }

  init(arrayLiteral elements: (String, String)...) {
    self.fields = elements.map { (name: $0.0, value: $0.1) }
  }

  mutating func add(_ name: String, _ value: String) {
    self.fields.append((name: name, value: value))
  }

  mutating func add(contentsOf other: HeaderList) {
    self.fields.append(contentsOf: other.fields)
  }

  /// The encoded size as HTTP/2 counts it for SETTINGS_MAX_HEADER_LIST_SIZE.
  var listSize: Int {
    self.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
  }

  /// Calls `body` with an `nghttp2_nv` array over one buffer holding every name and value;
  /// nghttp2 copies them, so the buffer only has to live for the call.
  func withNghttp2Headers<Result>(
    _ body: (UnsafeMutablePointer<nghttp2_nv>, Int) -> Result
  ) -> Result {
    var storage: [UInt8] = []
    storage.reserveCapacity(self.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
    var ranges: [(name: Range<Int>, value: Range<Int>)] = []
    ranges.reserveCapacity(self.fields.count)
    for field in self.fields {
      let nameStart = storage.count
      storage.append(contentsOf: field.name.utf8)
      let valueStart = storage.count
      storage.append(contentsOf: field.value.utf8)
      ranges.append((nameStart..<valueStart, valueStart..<storage.count))
    }
    // A non-empty buffer keeps every pointer below valid even when all fields are empty.
    storage.append(0)
    return storage.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      var nva = ranges.map { range in
        nghttp2_nv(
          name: base + range.name.lowerBound,
          value: base + range.value.lowerBound,
          namelen: range.name.count,
          valuelen: range.value.count,
          flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
        )
      }
      if nva.isEmpty {
        var none = nghttp2_nv()
        return body(&none, 0)
      }
      return nva.withUnsafeMutableBufferPointer { nvaBuffer in
        body(nvaBuffer.baseAddress!, nvaBuffer.count)
      }
    }
  }
}
