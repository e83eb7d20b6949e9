import Foundation

/// A value bound to a statement parameter, in one of SQLite's storage classes.
///
/// Domain values reach SQL through `SQLiteValueConvertible`, which fixes how each Swift type is
/// stored: instants as integer microseconds since 1970 (UTC), ids as lowercase text.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A Swift type with a fixed representation in SQLite.
protocol SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { self }
}

extension Int: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int64: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self) }
}

extension Double: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .real(self) }
}

extension Bool: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension String: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .text(self) }
}

extension UUID: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .text(lowercasedString) }
}

extension Date: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(microsecondsSince1970) }
}

extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}
