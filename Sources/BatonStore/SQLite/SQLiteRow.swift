import CSQLite
import Foundation

/// The current row of a stepping statement, read column by column (0-based).
///
/// Valid only inside the closure it is handed to.
struct SQLiteRow {
    let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The bytes of the row's text and blob values (numbers would be converted to text if
    /// asked for their length, so they are skipped).
    var textAndBlobBytes: Int {
        var bytes = 0
        for column in 0..<sqlite3_column_count(handle) {
            let type = sqlite3_column_type(handle, column)
            if type == SQLITE_TEXT || type == SQLITE_BLOB {
                bytes += Int(sqlite3_column_bytes(handle, column))
            }
        }
        return bytes
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    func bool(_ column: Int32) -> Bool {
        sqlite3_column_int64(handle, column) != 0
    }

    /// The text of the column; empty for NULL.
    func string(_ column: Int32) -> String {
        withUTF8(column) { String(decoding: $0, as: UTF8.self) }
    }

    func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }

    func uuid(_ column: Int32) throws -> UUID {
        try withUTF8(column) { bytes in
            guard let uuid = UUID(hyphenatedUTF8: bytes) else {
                throw StoreError.internal(
                    "column \(column) holds \"\(String(decoding: bytes, as: UTF8.self))\", not a UUID")
            }
            return uuid
        }
    }

    func optionalUUID(_ column: Int32) throws -> UUID? {
        isNull(column) ? nil : try uuid(column)
    }

    func date(_ column: Int32) -> Date {
        Date(microsecondsSince1970: int64(column))
    }

    func optionalDate(_ column: Int32) -> Date? {
        isNull(column) ? nil : date(column)
    }

    /// The column's text as UTF-8 bytes, without copying them into a `String`.
    func withUTF8<Result>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // Ask for the text before its length: the conversion to text may change the length.
        let start = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
    }
}
