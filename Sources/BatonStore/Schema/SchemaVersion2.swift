/// Drops the index on `task_run.name`.
///
/// Run names are random slugs, so every create put its index entry on a different page: one
/// more 4 KB page in the WAL and in the fsync of each create, about a seventh of what a create
/// writes. Only the exact-name filter and the NAME sorts read it; they now scan, which costs
/// tens of milliseconds on 100,000 runs. The `like_` filter never could use it.
enum SchemaVersion2 {
    static let migration = Migration(
        version: 2,
        sql: "DROP INDEX ix_task_run__name;")
}
