import BatonCore

extension TaskRunInput: JSONObjectColumnValue {
    static let storedName = "task input"

    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("input_type", inputType)
            switch self {
            case .taskRun(let id), .flowRun(let id): writer.member("id", id)
            case .parameter(let name): writer.member("name", name)
            case .constant(let type): writer.member("type", type)
            }
        }
    }

    init(object: JSONObjectReader) throws {
        switch try object.string("input_type") {
        case "task_run"?: self = .taskRun(id: try Self.required(object.uuid("id")))
        case "flow_run"?: self = .flowRun(id: try Self.required(object.uuid("id")))
        case "parameter"?: self = .parameter(name: try Self.required(object.string("name")))
        case "constant"?: self = .constant(type: try Self.required(object.string("type")))
        default: throw StoreError.internal("stored task input has an unknown input_type")
        }
    }

    private static func required<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw StoreError.internal("stored task input lacks its reference") }
        return value
    }
}
