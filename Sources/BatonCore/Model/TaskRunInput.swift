import Foundation

/// One reference a task run's input was computed from (spec task-run-api §1.5).
public enum TaskRunInput: Sendable, Hashable {
    /// The result of another task run.
    case taskRun(id: UUID)
    /// The result of a flow run.
    case flowRun(id: UUID)
    /// A flow parameter.
    case parameter(name: String)
    /// A constant of the named Python type.
    case constant(type: String)

    /// The `input_type` discriminator on the wire.
    public var inputType: String {
        switch self {
        case .taskRun: "task_run"
        case .flowRun: "flow_run"
        case .parameter: "parameter"
        case .constant: "constant"
        }
    }
}

extension TaskRunInput: Codable {
    private enum CodingKeys: String, CodingKey {
        case inputType = "input_type"
        case id, name, type
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .inputType) {
        case "task_run": self = .taskRun(id: try container.decode(UUID.self, forKey: .id))
        case "flow_run": self = .flowRun(id: try container.decode(UUID.self, forKey: .id))
        case "parameter": self = .parameter(name: try container.decode(String.self, forKey: .name))
        case "constant": self = .constant(type: try container.decode(String.self, forKey: .type))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .inputType, in: container, debugDescription: "unknown input_type \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputType, forKey: .inputType)
        switch self {
        case .taskRun(let id), .flowRun(let id): try container.encode(id, forKey: .id)
        case .parameter(let name): try container.encode(name, forKey: .name)
        case .constant(let type): try container.encode(type, forKey: .type)
        }
    }
}
