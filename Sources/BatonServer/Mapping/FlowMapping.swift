import BatonCore
import BatonProto
import BatonStore
import Foundation

// Flows (spec task-run-api §5).

extension Baton_V1_Flow {
  public init(_ stored: StoredFlow) {
    self.init()
    id = stored.flow.id.wireString
    created = stored.created
    updated = stored.updated
    name = stored.flow.name
    tags = stored.flow.tags
    labels = wireObject(stored.flow.labels)
  }
}

extension Baton_V1_CreateFlowResponse {
  public init(_ creation: Creation<StoredFlow>) {
    self.init()
    flow = Baton_V1_Flow(creation.value)
    created = creation.created
  }
}

extension Baton_V1_ReadFlowsResponse {
  public init(_ flows: [StoredFlow]) {
    self.init()
    self.flows = flows.map(Baton_V1_Flow.init)
  }
}

extension FlowCreate {
  /// Characters Prefect refuses in the names of flows, in the order its message lists them.
  static let bannedNameCharacters: [Character] = ["/", "%", "&", ">", "<"]

  /// A validated `CreateFlow` request: a name without `/ % & > <`, labels of scalars.
  public init(validating request: Baton_V1_CreateFlowRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let name = validator.required(request.name, at: .request.member("name"))
      if name.contains(where: Self.bannedNameCharacters.contains) {
        let banned = Self.bannedNameCharacters.map { "'\($0)'" }.joined(separator: ", ")
        validator.reject(
          .request.member("name"),
          "Name \(pythonRepresentation(of: name)) contains an invalid character. Must not contain any of: [\(banned)].")
      }
      let labels = validator.labels(request.labels, at: .request.member("labels"))
      return FlowCreate(name: name, tags: request.tags, labels: labels)
    }
  }
}

/// `repr(text)` as Python writes it, which Prefect's name message embeds: single quotes,
/// unless the text has a single quote and no double quote. Long names are shortened so that
/// the message stays readable and the status trailer small.
private func pythonRepresentation(of text: String) -> String {
  let shown = text.count > 100 ? "\(text.prefix(100))…" : text
  if shown.contains("'") && !shown.contains("\"") {
    return "\"\(shown.replacingOccurrences(of: "\\", with: "\\\\"))\""
  }
  let escaped = shown.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
  return "'\(escaped)'"
}

/// A validated `ReadFlows` request: the filter and window.
public struct FlowListQuery: Sendable, Hashable {
  public var filter: FlowFilter?
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadFlowsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let filter = request.flows.map { validator.flowFilter($0, at: .request.member("flows")) }
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return FlowListQuery(filter: filter, limit: window.limit, offset: window.offset)
    }
  }

  private init(filter: FlowFilter?, limit: Int, offset: Int) {
    self.filter = filter
    self.limit = limit
    self.offset = offset
  }
}
