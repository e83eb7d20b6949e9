/// The reason bytes could not be decoded as a given message type.
public struct WireDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The full protobuf name of the message that was being decoded.
  public var messageType: String
  /// What was wrong with the bytes.
  public var reason: String

  public init(messageType: String, reason: String) {
    self.messageType = messageType
    self.reason = reason
  }

  public var description: String {
    "cannot decode \(messageType): \(reason)"
  }
}
