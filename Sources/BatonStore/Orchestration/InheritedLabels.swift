import BatonCore
import Foundation

extension [String: JSONValue] {
    /// A new object's labels as Prefect builds them (spec task-run-api §1.7): its parent's
    /// labels, then the system labels naming the ids it belongs to, then the client's, each
    /// layer overriding the one before.
    static func labels(inheriting parent: Self, system: [String: UUID], client: Self) -> Self {
        var labels = parent
        for (key, id) in system {
            labels[key] = .string(id.lowercasedString)
        }
        labels.merge(client) { _, client in client }
        return labels
    }
}
