import BatonCore
import Foundation

/// The repository of deployments: upsert by flow and name, read, list, update, delete.
public protocol DeploymentRepository: Sendable {
    /// Inserts the deployment, or updates the one with the same flow and name with the given
    /// fields (`created` false). An unknown flow is `failedPrecondition`.
    func createDeployment(_ create: DeploymentCreate) async throws -> Creation<StoredDeployment>

    func readDeployment(id: UUID) async throws -> StoredDeployment?

    /// The deployments matching both filters by name, after `offset`, at most `limit`.
    func readDeployments(flows: FlowFilter?, deployments: DeploymentFilter?, limit: Int, offset: Int) async throws
        -> [StoredDeployment]

    /// Applies the present fields; false when the deployment does not exist.
    func updateDeployment(id: UUID, _ update: DeploymentUpdate) async throws -> Bool

    /// Deletes the deployment; its flow runs stay, without a deployment. False when it does not
    /// exist.
    func deleteDeployment(id: UUID) async throws -> Bool
}
