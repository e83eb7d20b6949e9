/// The identity and history of Baton's database schema.
///
/// A file is Baton's when its `PRAGMA application_id` is `applicationID`; its
/// `PRAGMA user_version` is the number of migrations applied to it.
enum Schema {
    /// "BATN" in ASCII: marks the file as Baton's.
    static let applicationID: Int32 = 0x4241_544E

    /// Every migration, in order; version n is at index n − 1. Never edit a released one: add
    /// the next.
    static let migrations: [Migration] = [SchemaVersion1.migration, SchemaVersion2.migration]

    /// The version this build writes.
    static var latestVersion: Int32 { migrations.last?.version ?? 0 }
}
