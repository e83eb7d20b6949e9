import Foundation

/// The repository of v1 tag concurrency limits; orchestration takes and frees their slots inside
/// its own transaction.
public protocol ConcurrencyLimitRepository: Sendable {
    /// Creates the limit for the tag, or changes the existing limit's value keeping its slots
    /// (`created` false).
    func createConcurrencyLimit(tag: String, limit: Int) async throws -> Creation<ConcurrencyLimit>

    func readConcurrencyLimit(id: UUID) async throws -> ConcurrencyLimit?

    func readConcurrencyLimit(tag: String) async throws -> ConcurrencyLimit?

    /// Limits by tag, after `offset`, at most `limit`.
    func readConcurrencyLimits(limit: Int, offset: Int) async throws -> [ConcurrencyLimit]

    /// False when no limit has that id.
    func deleteConcurrencyLimit(id: UUID) async throws -> Bool

    /// False when the tag has no limit.
    func deleteConcurrencyLimit(tag: String) async throws -> Bool

    /// Replaces the tag's active slots with `slots` (empty frees all); false when the tag has
    /// no limit.
    func resetConcurrencyLimit(tag: String, slots: [UUID]) async throws -> Bool
}
