import BatonCore
import Foundation

/// A deployment as stored: BatonCore's `Deployment` with its row timestamps.
public struct StoredDeployment: Sendable, Hashable {
    public var deployment: Deployment
    public var created: Date
    public var updated: Date

    public init(deployment: Deployment, created: Date, updated: Date) {
        self.deployment = deployment
        self.created = created
        self.updated = updated
    }
}
