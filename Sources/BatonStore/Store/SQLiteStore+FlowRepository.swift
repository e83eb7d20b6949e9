import BatonCore
import Foundation

extension SQLiteStore: FlowRepository {
    public func createFlow(_ create: FlowCreate) async throws -> Creation<StoredFlow> {
        try await writer.write { connection in
            let table = FlowTable(connection: connection)
            if let existing = try table.find(name: create.name) {
                return Creation(value: existing, created: false)
            }
            let now = self.now()
            let stored = StoredFlow(
                flow: Flow(id: .timeOrdered(at: now), name: create.name, tags: create.tags, labels: create.labels),
                created: now,
                updated: now)
            try table.insert(stored)
            return Creation(value: stored, created: true)
        }
    }

    public func readFlow(id: UUID) async throws -> StoredFlow? {
        try await readers.readRow { try FlowTable(connection: $0).find(id: id) }
    }

    public func readFlows(_ filter: FlowFilter?, limit: Int, offset: Int) async throws -> [StoredFlow] {
        try await readers.read { try FlowTable(connection: $0).list(filter, limit: limit, offset: offset) }
    }

    public func deleteFlow(id: UUID) async throws -> Bool {
        try await writer.write { try FlowTable(connection: $0).delete(id: id) }
    }
}
