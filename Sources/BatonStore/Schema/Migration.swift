/// One forward-only step of the schema: the SQL that takes a database from `version − 1` to
/// `version`.
struct Migration: Sendable {
    let version: Int32
    let sql: String
}
