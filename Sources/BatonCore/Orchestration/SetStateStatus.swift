/// The outcome of a proposed state change, as clients see it.
public enum SetStateStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// The proposed state was written.
    case accept = "ACCEPT"
    /// A replacement state was written, or none (the current state stands).
    case reject = "REJECT"
    /// Nothing was written; propose the same state again after a delay.
    case wait = "WAIT"
    /// Nothing was written; stop trying to run this.
    case abort = "ABORT"
}
