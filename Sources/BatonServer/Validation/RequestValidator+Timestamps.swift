import Foundation

extension RequestValidator {
  /// The instants a `google.protobuf.Timestamp` may hold: 0001-01-01T00:00:00Z through
  /// 9999-12-31T23:59:59.999999Z. Anything beyond is refused here, before storage code turns
  /// it into a microsecond count that would overflow.
  static let timestampRange =
    Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799.999_999)

  /// An optional instant; present must lie within `timestampRange`.
  mutating func timestamp(_ instant: Date?, at field: FieldPath) -> Date? {
    guard let instant else { return nil }
    guard Self.timestampRange.contains(instant) else {
      reject(field, "\(field) must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.")
      return nil
    }
    return instant
  }

  /// An instant that must be present and within `timestampRange`.
  mutating func requiredTimestamp(_ instant: Date?, at field: FieldPath) -> Date? {
    required(instant, at: field).flatMap { timestamp($0, at: field) }
  }
}
