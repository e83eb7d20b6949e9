/// The kind of a run state; the type, not the display name, drives orchestration.
///
/// Raw values are Prefect's upper-case enum names, as they travel on the wire.
public enum StateType: String, Sendable, Hashable, CaseIterable, Codable {
    case scheduled = "SCHEDULED"
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
    case crashed = "CRASHED"
    case paused = "PAUSED"
    case cancelling = "CANCELLING"

    /// The types a run ends in: COMPLETED, FAILED, CANCELLED and CRASHED.
    public static let terminalTypes: Set<StateType> = [.completed, .failed, .cancelled, .crashed]

    /// Whether a run in this state has finished (PAUSED and CANCELLING have not).
    public var isTerminal: Bool { Self.terminalTypes.contains(self) }

    /// The name a state of this type gets when none is given: each underscore-separated word
    /// capitalised (`RUNNING` → `Running`).
    public var defaultName: String {
        rawValue.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }
}
