import BatonCore

extension RequestValidator {
  /// The labels of a request: absent is `{}`; every value must be a boolean, a number or a
  /// string (Prefect's `bool | int | float | str`), so null, lists and objects are violations.
  mutating func labels(_ wire: [String: WireJSON]?, at field: FieldPath) -> [String: DomainJSON] {
    var labels: [String: DomainJSON] = [:]
    // Sorted, so that violations come out in a stable order.
    for (key, value) in (wire ?? [:]).sorted(by: { $0.key < $1.key }) {
      switch value {
      case .bool, .number, .string:
        labels[key] = DomainJSON(value)
      case .null, .array, .object:
        reject(field.member(key), "Label values must be booleans, numbers or strings.")
      }
    }
    return labels
  }
}
