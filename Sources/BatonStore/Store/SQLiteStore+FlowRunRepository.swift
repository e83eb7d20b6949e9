import BatonCore
import Foundation

extension SQLiteStore: FlowRunRepository {
    public func createFlowRun(_ create: FlowRunCreate) async throws -> FlowRunCreation {
        try await writer.write {
            try FlowRunWrites(connection: $0, now: self.now(), orchestrator: self.orchestrator).create(create)
        }
    }

    public func readFlowRun(id: UUID) async throws -> StoredFlowRun? {
        try await readers.readRow { try FlowRunTable(connection: $0).find(id: id) }
    }

    public func readFlowRuns(_ filters: FlowRunQueryFilters, sort: FlowRunSort, limit: Int, offset: Int)
        async throws -> [StoredFlowRun]
    {
        try await readers.read { connection in
            let selection = FlowRunSelection(filters)
            return try connection.queryPage(
                "SELECT \(FlowRunTable.columns) FROM \(selection.from) \(FlowRunTable.stateJoin) "
                    + "WHERE \(selection.condition.sql) ORDER BY \(sort.orderBy) LIMIT ? OFFSET ?",
                selection.condition.parameters + [limit, offset],
                FlowRunTable.decode)
        }
    }

    public func deleteFlowRun(id: UUID) async throws -> Bool {
        try await writer.write { try FlowRunTable(connection: $0).delete(id: id) }
    }

    public func setFlowRunState(id: UUID, to proposal: StateCreate) async throws -> FlowRunOrchestration {
        try await writer.write {
            try FlowRunWrites(connection: $0, now: self.now(), orchestrator: self.orchestrator)
                .setState(id: id, to: proposal)
        }
    }
}
