import Foundation

extension Date {
    /// The instant on the microsecond grid the store persists, as whole microseconds since 1970.
    ///
    /// Rounded, not truncated: a `Date` holds seconds as a `Double`, so 1.234567 s may be
    /// stored as 1.2345669999….
    var microsecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The instant `microseconds` after 1970; the inverse of `microsecondsSince1970`.
    init(microsecondsSince1970 microseconds: Int64) {
        self.init(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// This instant moved onto the microsecond grid, so that it reads back from the store unchanged.
    var roundedToMicroseconds: Date {
        Date(microsecondsSince1970: microsecondsSince1970)
    }
}
