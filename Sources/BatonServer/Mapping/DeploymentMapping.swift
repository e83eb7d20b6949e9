import BatonCore
import BatonProto
import BatonStore
import Foundation

// Deployments (spec task-run-api §5).

extension Baton_V1_Deployment {
  public init(_ stored: StoredDeployment) {
    let deployment = stored.deployment
    self.init()
    id = deployment.id.wireString
    created = stored.created
    updated = stored.updated
    name = deployment.name
    flowID = deployment.flowID.wireString
    paused = deployment.paused
    tags = deployment.tags
    labels = wireObject(deployment.labels)
    workQueueName = deployment.workQueueName
  }
}

extension Baton_V1_CreateDeploymentResponse {
  public init(_ creation: Creation<StoredDeployment>) {
    self.init()
    deployment = Baton_V1_Deployment(creation.value)
    created = creation.created
  }
}

extension Baton_V1_ReadDeploymentsResponse {
  public init(_ deployments: [StoredDeployment]) {
    self.init()
    self.deployments = deployments.map(Baton_V1_Deployment.init)
  }
}

extension DeploymentCreate {
  /// A validated `CreateDeployment` request: a name, the id of its flow, labels of scalars.
  public init(validating request: Baton_V1_CreateDeploymentRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let name = validator.required(request.name, at: .request.member("name"))
      let flowID = validator.requiredUUID(request.flowID, at: .request.member("flow_id"))
      let labels = validator.labels(request.labels, at: .request.member("labels"))
      return flowID.map {
        DeploymentCreate(
          name: name, flowID: $0, paused: request.paused, tags: request.tags, labels: labels,
          workQueueName: request.workQueueName)
      }
    }
  }
}

/// A validated `UpdateDeployment` request: the deployment and the fields to change.
public struct DeploymentChange: Sendable, Hashable {
  public var id: UUID
  /// Absent fields of the request are `nil` here and stay as they are.
  public var update: DeploymentUpdate

  public init(validating request: Baton_V1_UpdateDeploymentRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let id = validator.requiredUUID(request.id, at: .request.member("id"))
      let labels = request.labels.map { validator.labels($0, at: .request.member("labels")) }
      let update = DeploymentUpdate(
        paused: request.paused, tags: request.tags?.values, labels: labels, workQueueName: request.workQueueName)
      return id.map { DeploymentChange(id: $0, update: update) }
    }
  }

  private init(id: UUID, update: DeploymentUpdate) {
    self.id = id
    self.update = update
  }
}

/// A validated `ReadDeployments` request: the filters and window.
public struct DeploymentListQuery: Sendable, Hashable {
  public var flows: FlowFilter?
  public var deployments: DeploymentFilter?
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadDeploymentsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let flows = request.flows.map { validator.flowFilter($0, at: .request.member("flows")) }
      let deployments = request.deployments.map {
        validator.deploymentFilter($0, at: .request.member("deployments"))
      }
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return DeploymentListQuery(flows: flows, deployments: deployments, limit: window.limit, offset: window.offset)
    }
  }

  private init(flows: FlowFilter?, deployments: DeploymentFilter?, limit: Int, offset: Int) {
    self.flows = flows
    self.deployments = deployments
    self.limit = limit
    self.offset = offset
  }
}
