import BatonCore
import Foundation

extension SQLiteStore: DeploymentRepository {
    public func createDeployment(_ create: DeploymentCreate) async throws -> Creation<StoredDeployment> {
        try await writer.write { connection in
            do {
                return try DeploymentTable(connection: connection).upsert(create, at: self.now())
            } catch let error as SQLiteError where error.isForeignKeyViolation {
                throw StoreError.failedPrecondition("Flow \(create.flowID.lowercasedString) does not exist.")
            }
        }
    }

    public func readDeployment(id: UUID) async throws -> StoredDeployment? {
        try await readers.readRow { try DeploymentTable(connection: $0).find(id: id) }
    }

    public func readDeployments(flows: FlowFilter?, deployments: DeploymentFilter?, limit: Int, offset: Int)
        async throws -> [StoredDeployment]
    {
        try await readers.read {
            try DeploymentTable(connection: $0).list(
                flows: flows, deployments: deployments, limit: limit, offset: offset)
        }
    }

    public func updateDeployment(id: UUID, _ update: DeploymentUpdate) async throws -> Bool {
        try await writer.write { try DeploymentTable(connection: $0).update(id: id, update, at: self.now()) }
    }

    public func deleteDeployment(id: UUID) async throws -> Bool {
        try await writer.write { try DeploymentTable(connection: $0).delete(id: id) }
    }
}
