import BatonClient
import BatonProto
import Foundation
import Testing

extension EndToEnd {
  /// The filter vocabulary through ReadTaskRuns, CountTaskRuns and PaginateTaskRuns (spec
  /// task-run-api §3, test table §7.4).
  @Suite struct TaskRunFilters {
    /// Four task runs in different places:
    /// - `load-users` and `load-orders` under a deployment run of flow `alpha` [db, blue];
    /// - `report` under a plain run of flow `beta` [], due at `reportDue` (the others are
    ///   expected to start now, years earlier);
    /// - `cleanup`, autonomous.
    struct Scenario: Sendable {
      /// 2100-01-01T00:00:00Z.
      static let reportDue = Date(timeIntervalSince1970: 4_102_444_800)

      var alphaFlowID = ""
      var alphaFlowRunID = ""
      var betaFlowRunID = ""
      var deploymentID = ""
      var ids: [String: String] = [:]

      static func make(_ baton: BatonConnection) async throws -> Scenario {
        var scenario = Scenario()
        let alpha = try await baton.makeFlow(named: "alpha", tags: ["db", "blue"])
        let beta = try await baton.makeFlow(named: "beta")
        let deployment = try await baton.deployments.createDeployment(
          .with {
            $0.name = "nightly"
            $0.flowID = alpha.id
          }
        ).deployment!
        let alphaRun = try await baton.makeFlowRun(flowID: alpha.id) {
          $0.deploymentID = deployment.id
          $0.tags = ["db"]
        }
        let betaRun = try await baton.makeFlowRun(flowID: beta.id)
        scenario.alphaFlowID = alpha.id
        scenario.alphaFlowRunID = alphaRun.id
        scenario.betaFlowRunID = betaRun.id
        scenario.deploymentID = deployment.id
        let runs: [(String, String?, [String], Baton_V1_StateCreate)] = [
          ("load-users", alphaRun.id, ["db", "blue"], .of(.completed)),
          ("load-orders", alphaRun.id, ["db"], .of(.running)),
          ("report", betaRun.id, [], .of(.scheduled) { $0.scheduledTime = Scenario.reportDue }),
          ("cleanup", nil, [], .of(.pending)),
        ]
        for (name, flowRunID, tags, state) in runs {
          let run = try await baton.makeTaskRun {
            $0.name = name
            $0.taskKey = name
            $0.flowRunID = flowRunID
            $0.tags = tags
            $0.state = state
          }
          scenario.ids[name] = run.id
        }
        return scenario
      }
    }

    struct Case: Sendable, CustomTestStringConvertible {
      var testDescription: String
      var filters: @Sendable (Scenario) -> TaskRunFilterSet
      var expected: Set<String>
    }

    static let cases: [Case] = [
      Case(
        testDescription: "no filter", filters: { _ in TaskRunFilterSet() },
        expected: ["load-users", "load-orders", "report", "cleanup"]),
      Case(
        testDescription: "id any_",
        filters: { scenario in
          TaskRunFilterSet(
            taskRuns: .with {
              $0.id = .with { $0.any_ = .init(values: [scenario.ids["report"]!, scenario.ids["cleanup"]!]) }
            })
        }, expected: ["report", "cleanup"]),
      Case(
        testDescription: "empty id any_ matches nothing",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.id = .with { $0.any_ = .init(values: []) } })
        }, expected: []),
      Case(
        testDescription: "name like_ is a case-insensitive contains",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.name = .with { $0.like_ = "LOAD-" } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "name any_ is exact",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.name = .with { $0.any_ = .init(values: ["report", "load"]) } })
        }, expected: ["report"]),
      Case(
        testDescription: "tags all_",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.tags = .with { $0.all_ = ["db", "blue"] } })
        }, expected: ["load-users"]),
      Case(
        testDescription: "tags is_null_",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.tags = .with { $0.isNull_ = true } })
        }, expected: ["report", "cleanup"]),
      Case(
        testDescription: "state type any_",
        filters: { _ in
          TaskRunFilterSet(
            taskRuns: .with {
              $0.state = .with { $0.type = .with { $0.any_ = .init(values: [.completed, .running]) } }
            })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "state name any_",
        filters: { _ in
          TaskRunFilterSet(
            taskRuns: .with {
              $0.state = .with { $0.name = .with { $0.any_ = .init(values: ["Scheduled", "Pending"]) } }
            })
        }, expected: ["report", "cleanup"]),
      Case(
        testDescription: "end_time is_null_ false",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.endTime = .with { $0.isNull_ = false } })
        }, expected: ["load-users"]),
      Case(
        testDescription: "start_time is_null_ true",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.startTime = .with { $0.isNull_ = true } })
        }, expected: ["report", "cleanup"]),
      Case(
        testDescription: "expected_start_time after_ is inclusive",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.expectedStartTime = .with { $0.after_ = Scenario.reportDue } })
        }, expected: ["report"]),
      Case(
        testDescription: "expected_start_time before_ is inclusive",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.expectedStartTime = .with { $0.before_ = Scenario.reportDue } })
        }, expected: ["load-users", "load-orders", "report", "cleanup"]),
      Case(
        testDescription: "expected_start_time before_ excludes later runs",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.expectedStartTime = .with { $0.before_ = Scenario.reportDue - 1 } })
        }, expected: ["load-users", "load-orders", "cleanup"]),
      Case(
        testDescription: "empty flow_run_id excludes autonomous runs",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.flowRunID = Baton_V1_TaskRunFilterFlowRunId() })
        }, expected: ["load-users", "load-orders", "report"]),
      Case(
        testDescription: "flow_run_id is_null_ true",
        filters: { _ in
          TaskRunFilterSet(taskRuns: .with { $0.flowRunID = .with { $0.isNull_ = true } })
        }, expected: ["cleanup"]),
      Case(
        testDescription: "flow_run_id any_",
        filters: { scenario in
          TaskRunFilterSet(
            taskRuns: .with { $0.flowRunID = .with { $0.any_ = .init(values: [scenario.betaFlowRunID]) } })
        }, expected: ["report"]),
      Case(
        testDescription: "operator or_",
        filters: { _ in
          TaskRunFilterSet(
            taskRuns: .with {
              $0.operator = .or
              $0.name = .with { $0.like_ = "report" }
              $0.tags = .with { $0.all_ = ["blue"] }
            })
        }, expected: ["load-users", "report"]),
      Case(
        testDescription: "empty flows filter excludes autonomous runs",
        filters: { _ in
          TaskRunFilterSet(flows: Baton_V1_FlowFilter())
        }, expected: ["load-users", "load-orders", "report"]),
      Case(
        testDescription: "flows name any_",
        filters: { _ in
          TaskRunFilterSet(flows: .with { $0.name = .with { $0.any_ = .init(values: ["alpha"]) } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "flows id any_",
        filters: { scenario in
          TaskRunFilterSet(flows: .with { $0.id = .with { $0.any_ = .init(values: [scenario.alphaFlowID]) } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "flows tags all_",
        filters: { _ in
          TaskRunFilterSet(flows: .with { $0.tags = .with { $0.all_ = ["db"] } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "flow_runs id any_",
        filters: { scenario in
          TaskRunFilterSet(flowRuns: .with { $0.id = .with { $0.any_ = .init(values: [scenario.betaFlowRunID]) } })
        }, expected: ["report"]),
      Case(
        testDescription: "flow_runs tags is_null_",
        filters: { _ in
          TaskRunFilterSet(flowRuns: .with { $0.tags = .with { $0.isNull_ = true } })
        }, expected: ["report"]),
      Case(
        testDescription: "flows and flow_runs must both match",
        filters: { scenario in
          TaskRunFilterSet(
            flows: .with { $0.name = .with { $0.any_ = .init(values: ["alpha"]) } },
            flowRuns: .with { $0.id = .with { $0.any_ = .init(values: [scenario.betaFlowRunID]) } })
        }, expected: []),
      Case(
        testDescription: "deployments id any_",
        filters: { scenario in
          TaskRunFilterSet(deployments: .with { $0.id = .with { $0.any_ = .init(values: [scenario.deploymentID]) } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "deployment name like_ treats _ as a wildcard",
        filters: { _ in
          TaskRunFilterSet(deployments: .with { $0.name = .with { $0.like_ = "n_ght" } })
        }, expected: ["load-users", "load-orders"]),
      Case(
        testDescription: "empty deployments filter needs a deployment",
        filters: { _ in
          TaskRunFilterSet(deployments: Baton_V1_DeploymentFilter())
        }, expected: ["load-users", "load-orders"]),
    ]

    @Test(arguments: cases)
    func readCountAndPaginateAgree(_ filterCase: Case) async throws {
      try await withBatonServer { baton, _ in
        let filters = filterCase.filters(try await Scenario.make(baton))
        let names = try await baton.taskRunNames(filters.readRequest)
        #expect(Set(names) == filterCase.expected)
        #expect(names.count == filterCase.expected.count)
        #expect(try await baton.taskRuns.countTaskRuns(filters.countRequest).count == filterCase.expected.count)
        let page = try await baton.taskRuns.paginateTaskRuns(filters.paginateRequest)
        #expect(Set(page.results.map(\.name)) == filterCase.expected)
        #expect(page.count == filterCase.expected.count)
      }
    }

    @Test func subflowRunsExistsMatchesRunsThatStandForASubflow() async throws {
      try await withBatonServer { baton, _ in
        let parent = try await baton.makeFlowRun()
        let wrapper = try await baton.makeTaskRun {
          $0.name = "wrapper"
          $0.flowRunID = parent.id
        }
        _ = try await baton.makeTaskRun {
          $0.name = "plain"
          $0.flowRunID = parent.id
          $0.dynamicKey = "1"
        }
        _ = try await baton.makeFlowRun { $0.parentTaskRunID = wrapper.id }
        let subflows: (Bool) async throws -> [String] = { exists in
          try await baton.taskRunNames(.with { $0.taskRuns = .with { $0.subflowRuns = .with { $0.exists_ = exists } } })
        }
        #expect(try await subflows(true) == ["wrapper"])
        #expect(try await subflows(false) == ["plain"])
      }
    }

    @Test func malformedIDsInFiltersAreReportedAtTheirPosition() async throws {
      try await withBatonServer { baton, _ in
        let valid = UUID().uuidString
        // In the order of the request's fields.
        await expectInvalidArgument([
          .notAUUID("flow_runs.id.any_[0]"),
          .notAUUID("task_runs.id.any_[1]"),
        ]) {
          try await baton.taskRuns.countTaskRuns(
            TaskRunFilterSet(
              flowRuns: .with { $0.id = .with { $0.any_ = .init(values: ["x"]) } },
              taskRuns: .with { $0.id = .with { $0.any_ = .init(values: [valid, "y"]) } }
            ).countRequest)
        }
      }
    }
  }
}
