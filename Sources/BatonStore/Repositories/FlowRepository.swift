import BatonCore
import Foundation

/// The repository of flows: create idempotently by name, read, list, delete.
public protocol FlowRepository: Sendable {
    /// Inserts the flow, or returns the existing flow with that name unchanged.
    func createFlow(_ create: FlowCreate) async throws -> Creation<StoredFlow>

    func readFlow(id: UUID) async throws -> StoredFlow?

    /// The matching flows by name, after `offset`, at most `limit`.
    func readFlows(_ filter: FlowFilter?, limit: Int, offset: Int) async throws -> [StoredFlow]

    /// Deletes the flow with its deployments and flow runs (and their task runs); false when it
    /// does not exist.
    func deleteFlow(id: UUID) async throws -> Bool
}
