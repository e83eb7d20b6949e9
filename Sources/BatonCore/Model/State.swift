import Foundation

/// One state of a run as stored and returned: a typed, named, timestamped entry in the run's
/// state history, with its data and details.
///
/// Clients never send a `State`; they send a `StateCreate`, which the server turns into one.
public struct State: Sendable, Hashable {
    /// The instants a state's times may take: those of Python's `datetime` (years 1 through
    /// 9999), which are also those a protobuf `Timestamp` can carry.
    public static let representableTimes =
        Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799.999_999)

    public var id: UUID
    public var type: StateType
    public var name: String
    public var timestamp: Date
    public var message: String?
    /// The result payload; `nil` when the state carries none.
    public var data: JSONValue?
    public var details: StateDetails

    /// Creates a state; a missing `name` becomes the type's default name.
    public init(
        id: UUID,
        type: StateType,
        name: String? = nil,
        timestamp: Date,
        message: String? = nil,
        data: JSONValue? = nil,
        details: StateDetails = StateDetails()
    ) {
        self.id = id
        self.type = type
        self.name = name ?? type.defaultName
        self.timestamp = timestamp
        self.message = message
        self.data = data
        self.details = details
    }

    /// Turns a client's proposal into a full state stamped by the server: a missing name
    /// becomes the default name, and a SCHEDULED state without `scheduled_time` is due now.
    public init(proposal: StateCreate, id: UUID, timestamp: Date) {
        var details = proposal.details
        if proposal.type == .scheduled && details.scheduledTime == nil {
            details.scheduledTime = timestamp
        }
        self.init(
            id: id, type: proposal.type, name: proposal.name, timestamp: timestamp,
            message: proposal.message, data: proposal.data, details: details)
    }

    /// Whether the data references a persisted result, which makes a COMPLETED run final.
    ///
    /// Only a non-empty object whose `type` is not `"unpersisted"` counts; any other data,
    /// including a bare string, is treated as not persisted (Prefect would crash on it).
    public var hasPersistedResult: Bool {
        guard let members = data?.objectValue, !members.isEmpty else { return false }
        return !Self.isUnpersisted(members)
    }

    /// What the commit step makes of this proposed state (spec orchestration §A.9): `stored` is
    /// the row written and read back later, `validated` the state the call answers with.
    ///
    /// Unpersisted data (an object whose `type` is `"unpersisted"`) is answered but not stored.
    /// Prefect keeps any other data as a result artifact, lifting the keys `artifact_key`,
    /// `artifact_type` and `artifact_description` out of an object into the artifact's metadata,
    /// so neither form has them. JSON null is no data.
    public var committed: (stored: State, validated: State) {
        var stored = self
        var validated = self
        switch data {
        case .null:
            stored.data = nil
            validated.data = nil
        case .object(let members) where Self.isUnpersisted(members):
            stored.data = nil
        case .object(var members):
            for key in Self.artifactMetadataKeys { members[key] = nil }
            stored.data = .object(members)
            validated.data = .object(members)
        default:
            break
        }
        return (stored, validated)
    }

    private static let artifactMetadataKeys = ["artifact_key", "artifact_type", "artifact_description"]

    private static func isUnpersisted(_ members: [String: JSONValue]) -> Bool {
        members["type"] == .string("unpersisted")
    }
}
