/// The `grpc-timeout` header: at most 8 digits and a unit (PROTOCOL-HTTP2.md, "Timeout").
enum GRPCTimeout {
  /// The duration the header stands for; nil when it is malformed.
  static func parse(_ value: String) -> Duration? {
    let utf8 = Array(value.utf8)
    guard utf8.count >= 2, utf8.count <= 9, let unit = utf8.last else { return nil }
    var amount: Int64 = 0
    for digit in utf8.dropLast() {
      guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
      amount = amount * 10 + Int64(digit - UInt8(ascii: "0"))
    }
    switch unit {
    case UInt8(ascii: "H"): return .seconds(amount * 3600)
    case UInt8(ascii: "M"): return .seconds(amount * 60)
    case UInt8(ascii: "S"): return .seconds(amount)
    case UInt8(ascii: "m"): return .milliseconds(amount)
    case UInt8(ascii: "u"): return .microseconds(amount)
    case UInt8(ascii: "n"): return .nanoseconds(amount)
    default: return nil
    }
  }

  /// The header value for `duration`, in the finest unit that fits in 8 digits, rounded up so
  /// that the server never sees a shorter deadline than the client's.
  static func format(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0 else { return "0n" }
    // Past what 64 bits of nanoseconds count (about 292 years): the longest header there is.
    guard seconds < Int64.max / 1_000_000_000 else { return "99999999H" }
    let nanoseconds = seconds * 1_000_000_000 + max(0, attoseconds / 1_000_000_000)
    let roundedUp = { (divisor: Int64) in nanoseconds / divisor + (nanoseconds % divisor == 0 ? 0 : 1) }
    let units: [(divisor: Int64, unit: String)] = [
      (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"),
    ]
    for (divisor, unit) in units {
      let amount = roundedUp(divisor)
      if amount < 100_000_000 { return "\(amount)\(unit)" }
    }
    // Under 2^63 nanoseconds, hours always fit in 8 digits.
    return "\(roundedUp(3_600_000_000_000))H"
  }
}
