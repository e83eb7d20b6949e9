/// A state as a client proposes it: no id and no timestamp, which the server assigns.
public struct StateCreate: Sendable, Hashable {
    public var type: StateType
    public var name: String?
    public var message: String?
    public var data: JSONValue?
    public var details: StateDetails

    public init(
        type: StateType,
        name: String? = nil,
        message: String? = nil,
        data: JSONValue? = nil,
        details: StateDetails = StateDetails()
    ) {
        self.type = type
        self.name = name
        self.message = message
        self.data = data
        self.details = details
    }
}
