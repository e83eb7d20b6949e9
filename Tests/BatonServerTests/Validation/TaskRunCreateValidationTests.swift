import BatonCore
import BatonProto
import BatonStore
import Foundation
import Testing

@testable import BatonServer

@Suite struct TaskRunCreateValidationTests {
  private let now = instant(42)

  private func request(_ change: (inout Baton_V1_CreateTaskRunRequest) -> Void = { _ in })
    -> Baton_V1_CreateTaskRunRequest
  {
    var request = Baton_V1_CreateTaskRunRequest()
    request.taskKey = "etl.extract"
    request.dynamicKey = "0"
    change(&request)
    return request
  }

  private func refusal(_ change: (inout Baton_V1_CreateTaskRunRequest) -> Void) -> ValidationError? {
    let request = request(change)
    return violation { try TaskRunCreate(validating: request, now: now) }
  }

  @Test func minimalRequestIsAccepted() throws {
    let create = try TaskRunCreate(validating: request(), now: now)
    #expect(create.taskKey == "etl.extract")
    #expect(create.dynamicKey == "0")
    #expect(create.id == nil)
    #expect(create.state == nil)
    #expect(create.labels.isEmpty)
    #expect(create.empiricalPolicy == TaskRunPolicy())
  }

  @Test func taskKeyIsRequired() {
    let found = refusal { $0.taskKey = "" }
    #expect(found == ValidationError(field: "task_key", message: "task_key is required."))
  }

  @Test func dynamicKeyIsRequired() {
    let found = refusal { $0.dynamicKey = "" }
    #expect(found == ValidationError(field: "dynamic_key", message: "dynamic_key is required."))
  }

  @Test func clientIDMustBeAUUID() {
    #expect(refusal { $0.id = "123" }?.field == "id")
  }

  @Test func flowRunIDMustBeAUUID() {
    #expect(refusal { $0.flowRunID = "" }?.field == "flow_run_id")
  }

  @Test func cacheKeyOfMoreThan2000CharactersIsRefusedWithPrefectsMessage() {
    let found = refusal { $0.cacheKey = String(repeating: "k", count: 2001) }
    #expect(
      found
        == ValidationError(
          field: "cache_key", message: "Cache key exceeded maximum allowed length of 2000 characters."))
  }

  @Test func cacheKeyOf2000CharactersIsAccepted() throws {
    let create = try TaskRunCreate(validating: request { $0.cacheKey = String(repeating: "k", count: 2000) }, now: now)
    #expect(create.cacheKey?.count == 2000)
  }

  @Test func cacheKeyLengthCountsCodePointsAsPythonDoes() {
    // 1000 flags are 1000 characters but 2000 code points; 1001 flags are too long.
    let flags = String(repeating: "🇩🇪", count: 1001)
    #expect(refusal { $0.cacheKey = flags }?.field == "cache_key")
  }

  @Test func cacheKeyLimitFollowsTheSetting() {
    let request = request { $0.cacheKey = "abcdef" }
    let found = violation {
      try TaskRunCreate(validating: request, now: now, maxCacheKeyLength: 5)
    }
    #expect(found?.message == "Cache key exceeded maximum allowed length of 5 characters.")
  }

  @Test func moreThan50RetryDelaysAreRefusedWithPrefectsMessage() {
    let found = refusal { request in
      var policy = Baton_V1_TaskRunPolicy()
      policy.retryDelay = .array(Array(repeating: .number(1), count: 51))
      request.empiricalPolicy = policy
    }
    #expect(
      found
        == ValidationError(
          field: "empirical_policy.retry_delay", message: "Can not configure more than 50 retry delays per task."))
  }

  @Test func fiftyRetryDelaysAreAccepted() throws {
    var policy = Baton_V1_TaskRunPolicy()
    policy.retryDelay = .array(Array(repeating: .number(1), count: 50))
    let create = try TaskRunCreate(validating: request { $0.empiricalPolicy = policy }, now: now)
    #expect(create.empiricalPolicy.retryDelay == .array(Array(repeating: .number(1), count: 50)))
  }

  @Test func retryDelayThatIsNotANumberIsRefused() {
    let found = refusal { request in
      var policy = Baton_V1_TaskRunPolicy()
      policy.retryDelay = .string("soon")
      request.empiricalPolicy = policy
    }
    #expect(found?.field == "empirical_policy.retry_delay")
  }

  @Test func negativeJitterFactorIsRefusedWithPrefectsMessage() {
    let found = refusal { request in
      var policy = Baton_V1_TaskRunPolicy()
      policy.retryJitterFactor = -100
      request.empiricalPolicy = policy
    }
    #expect(
      found
        == ValidationError(
          field: "empirical_policy.retry_jitter_factor", message: "`retry_jitter_factor` must be >= 0."))
  }

  @Test func deprecatedPolicyFieldsFillTheCurrentOnes() throws {
    var policy = Baton_V1_TaskRunPolicy()
    policy.maxRetries = 3
    policy.retryDelaySeconds = 7
    let create = try TaskRunCreate(validating: request { $0.empiricalPolicy = policy }, now: now)
    #expect(create.empiricalPolicy.retries == 3)
    #expect(create.empiricalPolicy.retryDelay == .number(7))
  }

  @Test func labelValuesMayBeBooleansNumbersAndStrings() throws {
    let create = try TaskRunCreate(
      validating: request { $0.labels = ["env": "dev", "n": 3, "ratio": 0.5, "on": true] }, now: now)
    #expect(create.labels == ["env": "dev", "n": 3, "ratio": 0.5, "on": true])
  }

  @Test(arguments: [WireLabel.object, .list, .null])
  func nestedOrNullLabelValuesAreRefusedNamingTheKey(_ label: WireLabel) {
    let found = refusal { $0.labels = ["fine": "yes", "bad": label.value] }
    #expect(
      found == ValidationError(field: "labels.bad", message: "Label values must be booleans, numbers or strings."))
  }

  @Test func taskInputWithoutAKindIsRefusedAtItsPosition() {
    let request = request { request in
      var parameter = Baton_V1_TaskInput()
      var name = Baton_V1_ParameterInput()
      name.name = "p"
      parameter.input = .parameter(name)
      var inputs = Baton_V1_TaskInputs()
      inputs.inputs = [parameter, Baton_V1_TaskInput()]
      request.taskInputs = ["x": inputs]
    }
    let single = violation { try TaskRunCreate(validating: request, now: now) }
    #expect(single?.field == "task_inputs.x[1]")
    #expect(single?.message == "task_inputs.x[1] must set one of task_run, flow_run, parameter or constant.")
  }

  @Test func taskRunInputIDMustBeAUUID() {
    let found = refusal { request in
      var reference = Baton_V1_TaskRunInput()
      reference.id = "nope"
      var input = Baton_V1_TaskInput()
      input.input = .taskRun(reference)
      var inputs = Baton_V1_TaskInputs()
      inputs.inputs = [input]
      request.taskInputs = ["x": inputs]
    }
    #expect(found?.field == "task_inputs.x[0].id")
  }

  @Test func emptyInputListsAreKept() throws {
    let create = try TaskRunCreate(validating: request { $0.taskInputs = ["y": Baton_V1_TaskInputs()] }, now: now)
    #expect(create.taskInputs == ["y": []])
  }

  @Test func everyBrokenRuleIsReported() {
    let request = request { request in
      request.taskKey = ""
      request.dynamicKey = ""
      request.id = "x"
    }
    let found = violations { try TaskRunCreate(validating: request, now: now) }
    #expect(Set(found.map(\.field)) == ["id", "task_key", "dynamic_key"])
  }
}

/// Label values a Prefect label may not hold.
enum WireLabel: CaseIterable, Sendable {
  case object, list, null

  var value: BatonProto.JSONValue {
    switch self {
    case .object: ["nested": "value"]
    case .list: ["a", "b"]
    case .null: .null
    }
  }
}
