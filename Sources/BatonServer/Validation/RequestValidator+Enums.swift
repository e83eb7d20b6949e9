extension RequestValidator {
  /// The domain value of an enum field, or `nil` after recording a violation when the wire
  /// value is UNSPECIFIED (the field is required here) or a number this build does not know.
  ///
  /// - Parameters:
  ///   - value: The domain value the wire value maps to, `nil` when it maps to none.
  ///   - rawValue: The wire number, for the message.
  ///   - expected: The proto names of the accepted values, for the message.
  mutating func enumValue<Value>(
    _ value: Value?, rawValue: Int32, at field: FieldPath, expected: [String]
  ) -> Value? {
    if let value { return value }
    let accepted = expected.joined(separator: ", ")
    if rawValue == 0 {
      reject(field, "\(field) is required; expected one of \(accepted).")
    } else {
      reject(field, "\(field) has unknown value \(rawValue); expected one of \(accepted).")
    }
    return nil
  }
}
