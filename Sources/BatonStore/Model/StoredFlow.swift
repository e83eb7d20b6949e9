import BatonCore
import Foundation

/// A flow as stored: BatonCore's `Flow` with its row timestamps.
public struct StoredFlow: Sendable, Hashable {
    public var flow: Flow
    public var created: Date
    public var updated: Date

    public init(flow: Flow, created: Date, updated: Date) {
        self.flow = flow
        self.created = created
        self.updated = updated
    }
}
