import BatonCore
import BatonProto

// Free-form JSON (labels, state data, `retry_delay`, flow-run parameters) travels as
// BatonProto's `JSONValue` (protobuf `Value`/`Struct`) and lives in the domain as BatonCore's.
// The two enums have the same shape; these initialisers are the only bridge between them.

/// JSON as the generated messages carry it.
typealias WireJSON = BatonProto.JSONValue
/// JSON as BatonCore and BatonStore keep it.
typealias DomainJSON = BatonCore.JSONValue

extension BatonCore.JSONValue {
  init(_ wire: WireJSON) {
    switch wire {
    case .null: self = .null
    case .bool(let value): self = .bool(value)
    case .number(let value): self = .number(value)
    case .string(let value): self = .string(value)
    case .array(let values): self = .array(values.map(DomainJSON.init))
    case .object(let members): self = .object(members.mapValues(DomainJSON.init))
    }
  }
}

extension BatonProto.JSONValue {
  init(_ domain: DomainJSON) {
    switch domain {
    case .null: self = .null
    case .bool(let value): self = .bool(value)
    case .number(let value): self = .number(value)
    case .string(let value): self = .string(value)
    case .array(let values): self = .array(values.map(WireJSON.init))
    case .object(let members): self = .object(members.mapValues(WireJSON.init))
    }
  }
}

/// The wire form of a JSON object: labels, flow-run parameters and context.
func wireObject(_ object: [String: DomainJSON]) -> [String: WireJSON] {
  object.mapValues(WireJSON.init)
}

/// The domain form of a JSON object from a request; absent is `{}`.
func domainObject(_ object: [String: WireJSON]?) -> [String: DomainJSON] {
  (object ?? [:]).mapValues(DomainJSON.init)
}
