import Foundation

extension SQLiteStore: ConcurrencyLimitRepository {
    public func createConcurrencyLimit(tag: String, limit: Int) async throws -> Creation<ConcurrencyLimit> {
        try await writer.write {
            try ConcurrencyLimitTable(connection: $0).upsert(tag: tag, limit: limit, at: self.now())
        }
    }

    public func readConcurrencyLimit(id: UUID) async throws -> ConcurrencyLimit? {
        try await readers.readRow { try ConcurrencyLimitTable(connection: $0).find(id: id) }
    }

    public func readConcurrencyLimit(tag: String) async throws -> ConcurrencyLimit? {
        try await readers.readRow { try ConcurrencyLimitTable(connection: $0).find(tag: tag) }
    }

    public func readConcurrencyLimits(limit: Int, offset: Int) async throws -> [ConcurrencyLimit] {
        try await readers.read { try ConcurrencyLimitTable(connection: $0).list(limit: limit, offset: offset) }
    }

    public func deleteConcurrencyLimit(id: UUID) async throws -> Bool {
        try await writer.write { try ConcurrencyLimitTable(connection: $0).delete(id: id) }
    }

    public func deleteConcurrencyLimit(tag: String) async throws -> Bool {
        try await writer.write { try ConcurrencyLimitTable(connection: $0).delete(tag: tag) }
    }

    public func resetConcurrencyLimit(tag: String, slots: [UUID]) async throws -> Bool {
        try await writer.write {
            try ConcurrencyLimitTable(connection: $0).resetSlots(tag: tag, to: slots, at: self.now())
        }
    }
}
