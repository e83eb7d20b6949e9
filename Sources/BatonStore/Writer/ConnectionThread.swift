import Foundation

/// Starts a thread that opens its own SQLite connection and then serves requests on it.
///
/// SQLite calls block, so writes and queries run on these threads rather than on Swift's
/// cooperative pool (which only gets lookups of a row by key). The connection is created on the
/// thread that uses it and closed there before `onExit` runs.
enum ConnectionThread {
    /// Returns once the connection is open; rethrows when opening fails (the thread then ends).
    static func start(
        name: String,
        open: @escaping @Sendable () throws -> SQLiteConnection,
        serve: @escaping @Sendable (SQLiteConnection) -> Void,
        onExit: @escaping @Sendable () -> Void
    ) async throws {
        try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    var connection: SQLiteConnection? = try open()
                    opened.resume()
                    serve(connection!)
                    // Closed here, on its own thread, before anyone hears that it stopped.
                    connection = nil
                } catch {
                    opened.resume(throwing: StoreError(error))
                }
                onExit()
            }
            thread.name = name
            thread.start()
        }
    }
}
