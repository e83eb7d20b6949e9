import BatonCore
import BatonProto

// A task run's retry policy and the sources of its inputs (spec task-run-api §1.4, §1.5).

extension Baton_V1_TaskRunPolicy {
  init(_ policy: TaskRunPolicy) {
    self.init()
    maxRetries = Int32(clamping: policy.maxRetries)
    retryDelaySeconds = policy.retryDelaySeconds
    retries = policy.retries.map { Int32(clamping: $0) }
    // Absent is the wire's null.
    retryDelay = policy.retryDelay == .null ? nil : WireJSON(policy.retryDelay)
    retryJitterFactor = policy.retryJitterFactor
  }
}

extension Baton_V1_TaskInputs {
  init(_ inputs: [TaskRunInput]) {
    self.init()
    self.inputs = inputs.map { input in
      var wire = Baton_V1_TaskInput()
      switch input {
      case .taskRun(let id):
        var reference = Baton_V1_TaskRunInput()
        reference.id = id.wireString
        wire.input = .taskRun(reference)
      case .flowRun(let id):
        var reference = Baton_V1_FlowRunInput()
        reference.id = id.wireString
        wire.input = .flowRun(reference)
      case .parameter(let name):
        var parameter = Baton_V1_ParameterInput()
        parameter.name = name
        wire.input = .parameter(parameter)
      case .constant(let type):
        var constant = Baton_V1_ConstantInput()
        constant.type = type
        wire.input = .constant(constant)
      }
      return wire
    }
  }
}

extension TaskRunPolicy {
  /// The policy on the wire, deprecated fields back-filled into the current ones; unchecked,
  /// which suits policies the server returned.
  init(_ wire: Baton_V1_TaskRunPolicy) {
    self.init(
      maxRetries: Int(wire.maxRetries),
      retryDelaySeconds: wire.retryDelaySeconds,
      retries: wire.retries.map(Int.init),
      retryDelay: wire.retryDelay.map(DomainJSON.init) ?? .null,
      retryJitterFactor: wire.retryJitterFactor)
  }
}

extension RequestValidator {
  /// The retry policy of a request: absent means all defaults, and Prefect's rules apply (at
  /// most 50 retry delays, a jitter factor >= 0).
  mutating func taskRunPolicy(_ wire: Baton_V1_TaskRunPolicy?) -> TaskRunPolicy {
    let policy = wire.map(TaskRunPolicy.init) ?? TaskRunPolicy()
    // BatonCore's rule names its fields under `empirical_policy`, where requests carry it.
    check { try policy.validate() }
    return policy
  }

  /// Where each task argument came from; every input must set exactly one kind, and run ids
  /// must be UUIDs.
  mutating func taskInputs(_ wire: [String: Baton_V1_TaskInputs], at field: FieldPath) -> [String: [TaskRunInput]] {
    var inputs: [String: [TaskRunInput]] = [:]
    // Sorted, so that violations come out in a stable order.
    for (parameter, sources) in wire.sorted(by: { $0.key < $1.key }) {
      inputs[parameter] = sources.inputs.enumerated().compactMap { position, source in
        taskInput(source, at: field.member(parameter).element(position))
      }
    }
    return inputs
  }

  private mutating func taskInput(_ wire: Baton_V1_TaskInput, at field: FieldPath) -> TaskRunInput? {
    switch wire.input {
    case .taskRun(let reference):
      return uuid(reference.id, at: field.member("id")).map { .taskRun(id: $0) }
    case .flowRun(let reference):
      return uuid(reference.id, at: field.member("id")).map { .flowRun(id: $0) }
    case .parameter(let parameter):
      return .parameter(name: parameter.name)
    case .constant(let constant):
      return .constant(type: constant.type)
    case nil:
      reject(field, "\(field) must set one of task_run, flow_run, parameter or constant.")
      return nil
    }
  }
}
