import CZlib

/// One-shot zlib compression and decompression of single gRPC messages.
enum Zlib {
  enum Failure: Error, CustomStringConvertible {
    case corrupt(String)
    case tooLarge(limit: Int)

    var description: String {
      switch self {
      case .corrupt(let reason): "the compressed message is corrupt: \(reason)"
      case .tooLarge(let limit): "the decompressed message is larger than the limit of \(limit) bytes"
      }
    }
  }

  /// zlib's window bits for an encoding: 15 for the zlib format, +16 for gzip's header.
  private static func windowBits(_ encoding: MessageEncoding) -> Int32 {
    encoding == .gzip ? 15 + 16 : 15
  }

  static func compress(_ input: [UInt8], encoding: MessageEncoding) throws -> [UInt8] {
    var stream = z_stream()
    guard czlib_deflate_init2(&stream, Z_DEFAULT_COMPRESSION, Self.windowBits(encoding)) == Z_OK else {
      throw Failure.corrupt("deflateInit2 failed")
    }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
    let produced: Int = try input.withUnsafeBufferPointer { inBuffer in
      try output.withUnsafeMutableBufferPointer { outBuffer in
        stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
        stream.avail_in = UInt32(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = UInt32(outBuffer.count)
        guard deflate(&stream, Z_FINISH) == Z_STREAM_END else {
          throw Failure.corrupt("deflate did not finish")
        }
        return outBuffer.count - Int(stream.avail_out)
      }
    }
    output.removeLast(output.count - produced)
    return output
  }

  /// Inflates `input`, failing once the output would exceed `limit` bytes so that a
  /// small "zip bomb" cannot make the server allocate without bound.
  static func decompress(_ input: [UInt8], encoding: MessageEncoding, limit: Int) throws -> [UInt8] {
    var stream = z_stream()
    // 15+32 would auto-detect; being strict about the declared format catches mislabelled data.
    guard czlib_inflate_init2(&stream, Self.windowBits(encoding)) == Z_OK else {
      throw Failure.corrupt("inflateInit2 failed")
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: max(1024, min(limit + 1, input.count * 4)))
    try input.withUnsafeBufferPointer { inBuffer in
      stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
      stream.avail_in = UInt32(inBuffer.count)
      while true {
        let (status, produced): (Int32, Int) = chunk.withUnsafeMutableBufferPointer { outBuffer in
          stream.next_out = outBuffer.baseAddress
          stream.avail_out = UInt32(outBuffer.count)
          let status = inflate(&stream, Z_NO_FLUSH)
          return (status, outBuffer.count - Int(stream.avail_out))
        }
        output.append(contentsOf: chunk[0..<produced])
        if output.count > limit { throw Failure.tooLarge(limit: limit) }
        switch status {
        case Z_STREAM_END:
          return
        case Z_OK:
          continue
        case Z_BUF_ERROR where produced > 0:
          continue
        default:
          throw Failure.corrupt(stream.msg.map { String(cString: $0) } ?? "inflate returned \(status)")
        }
      }
    }
    return output
  }
}
