import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// Every task-run sub-filter alone and combined, with Prefect's quirks (spec §3.1–3.2).
@Suite struct TaskRunFilterTests {
    /// Three runs under one flow run plus one autonomous run, each with distinct properties.
    struct World {
        let harness: StoreHarness
        let flowRun: FlowRun
        /// Tags [db, blue], name "task-run-one", SCHEDULED, never started.
        let first: TaskRun
        /// Tags [db], name "Task_Two", started at T−60 s, COMPLETED at T.
        let second: TaskRun
        /// No tags, name "three", started at T+60 s (RUNNING), parent of a subflow run.
        let third: TaskRun
        /// Autonomous, PENDING.
        let autonomous: TaskRun
        let t: Date
        /// When every run was created (and expected to start): T−120 s.
        let created: Date

        static func make(_ harness: StoreHarness) async throws -> World {
            let t = harness.clock.now
            let created = t.addingTimeInterval(-120)
            harness.clock.set(created)
            let flowRun = try await harness.flowRun()
            let first = try await harness.taskRun(
                flowRunID: flowRun.id, name: "task-run-one", tags: ["db", "blue"], state: StateCreate(type: .scheduled))
            let second = try await harness.taskRun(flowRunID: flowRun.id, name: "Task_Two", tags: ["db"])
            let third = try await harness.taskRun(flowRunID: flowRun.id, name: "three")
            let autonomous = try await harness.taskRun(name: "lonely")
            harness.clock.set(t.addingTimeInterval(-60))
            try await harness.propose(.running, for: second.id)
            harness.clock.set(t)
            try await harness.propose(.completed, for: second.id)
            harness.clock.set(t.addingTimeInterval(60))
            try await harness.propose(.running, for: third.id)
            harness.clock.set(t)
            _ = try await harness.flowRun(parentTaskRunID: third.id)
            return World(
                harness: harness, flowRun: flowRun, first: first, second: second, third: third,
                autonomous: autonomous, t: t, created: created)
        }

        /// The runs `filter` selects, as a set of ids.
        func select(_ filter: TaskRunFilter) async throws -> Set<UUID> {
            Set(try await harness.ids(TaskRunQueryFilters(taskRuns: filter)))
        }

        func ids(_ runs: TaskRun...) -> Set<UUID> {
            Set(runs.map(\.id))
        }

        var all: Set<UUID> { ids(first, second, third, autonomous) }
    }

    @Test func idAnyOf() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let id = { (ids: [UUID]) in TaskRunFilter(id: .init(anyOf: ids)) }
            #expect(try await world.select(id([world.first.id])) == world.ids(world.first))
            #expect(
                try await world.select(id([world.first.id, world.second.id])) == world.ids(world.first, world.second))
            #expect(try await world.select(id([UUID()])) == [])
            #expect(try await world.select(id([])) == [], "an empty any_ matches nothing")
        }
    }

    @Test func nameAnyOfAndLike() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            #expect(try await world.select(TaskRunFilter(name: .init(anyOf: ["three"]))) == world.ids(world.third))
            #expect(try await world.select(TaskRunFilter(name: .init(anyOf: ["thre"]))) == [])
            #expect(try await world.select(TaskRunFilter(name: .init(anyOf: []))) == [])
            #expect(
                try await world.select(TaskRunFilter(name: .init(like: "TASK")))
                    == world.ids(world.first, world.second),
                "like_ is a case-insensitive contains")
            #expect(
                try await world.select(TaskRunFilter(name: .init(like: "sk_"))) == world.ids(world.first, world.second),
                "_ is an unescaped wildcard: sk- and sk_ both match")
            #expect(
                try await world.select(TaskRunFilter(name: .init(like: "t%one"))) == world.ids(world.first),
                "% is an unescaped wildcard")
            #expect(try await world.select(TaskRunFilter(name: .init(like: ""))) == world.all, "empty like_ is ignored")
            #expect(
                try await world.select(TaskRunFilter(name: .init(anyOf: ["three"], like: "task"))) == [],
                "both criteria of a name filter must hold")
        }
    }

    @Test func tagsAllOfAndIsNull() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let tags = { (tags: TaskRunFilter.Tags) in TaskRunFilter(tags: tags) }
            #expect(try await world.select(tags(.init(allOf: ["db", "blue"]))) == world.ids(world.first))
            #expect(try await world.select(tags(.init(allOf: ["db", "db"]))) == world.ids(world.first, world.second))
            #expect(try await world.select(tags(.init(allOf: ["green"]))) == [])
            #expect(try await world.select(tags(.init(allOf: []))) == world.all, "empty all_ is ignored")
            #expect(try await world.select(tags(.init(isNull: true))) == world.ids(world.third, world.autonomous))
            #expect(try await world.select(tags(.init(isNull: false))) == world.ids(world.first, world.second))
            #expect(
                try await world.select(tags(.init(operator: .or, allOf: ["blue"], isNull: true)))
                    == world.ids(world.first, world.third, world.autonomous))
        }
    }

    @Test func stateTypeAndName() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let state = { (state: TaskRunFilter.StateFilter) in TaskRunFilter(state: state) }
            #expect(try await world.select(state(.init(type: .init(anyOf: [.scheduled])))) == world.ids(world.first))
            #expect(
                try await world.select(state(.init(type: .init(anyOf: [.scheduled, .completed]))))
                    == world.ids(world.first, world.second))
            #expect(try await world.select(state(.init(type: .init(anyOf: [.crashed])))) == [])
            #expect(try await world.select(state(.init(type: .init(anyOf: [])))) == [])
            #expect(try await world.select(state(.init(name: .init(anyOf: ["Running"])))) == world.ids(world.third))
            #expect(try await world.select(state(.init(type: .init()))) == world.all, "an empty type {} adds nothing")
            #expect(
                try await world.select(
                    state(.init(operator: .or, type: .init(anyOf: [.pending]), name: .init(anyOf: ["Running"]))))
                    == world.ids(world.third, world.autonomous))
        }
    }

    @Test func startTimeBoundsAreInclusiveAndExcludeNulls() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let start = { (filter: NullableTimeFilter) in TaskRunFilter(startTime: filter) }
            let early = world.t.addingTimeInterval(-60)
            let late = world.t.addingTimeInterval(60)
            #expect(try await world.select(start(.init(before: world.t))) == world.ids(world.second))
            #expect(try await world.select(start(.init(before: early))) == world.ids(world.second), "inclusive")
            #expect(try await world.select(start(.init(after: world.t))) == world.ids(world.third))
            #expect(try await world.select(start(.init(after: late))) == world.ids(world.third), "inclusive")
            #expect(
                try await world.select(start(.init(before: late, after: early))) == world.ids(world.second, world.third)
            )
            #expect(try await world.select(start(.init(isNull: true))) == world.ids(world.first, world.autonomous))
            #expect(try await world.select(start(.init(isNull: false))) == world.ids(world.second, world.third))
        }
    }

    @Test func endTimeAndExpectedStartTime() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            #expect(try await world.select(TaskRunFilter(endTime: .init(isNull: false))) == world.ids(world.second))
            #expect(try await world.select(TaskRunFilter(endTime: .init(before: world.t))) == world.ids(world.second))
            #expect(try await world.select(TaskRunFilter(endTime: .init(after: world.t.addingTimeInterval(1)))) == [])
            // Every run's first state was written at creation (the SCHEDULED one is due then too).
            let expected = { (bounds: TimeBoundsFilter) in TaskRunFilter(expectedStartTime: bounds) }
            #expect(try await world.select(expected(.init(before: world.created))) == world.all)
            #expect(try await world.select(expected(.init(after: world.created))) == world.all)
            #expect(try await world.select(expected(.init(after: world.created.addingTimeInterval(0.000_001)))) == [])
        }
    }

    @Test func subflowRunsExists() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            #expect(try await world.select(TaskRunFilter(subflowRuns: .init(exists: true))) == world.ids(world.third))
            #expect(
                try await world.select(TaskRunFilter(subflowRuns: .init(exists: false)))
                    == world.ids(world.first, world.second, world.autonomous))
        }
    }

    @Test func flowRunIDQuirks() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let underFlowRun = world.ids(world.first, world.second, world.third)
            let flowRunID = { (filter: TaskRunFilter.FlowRunID) in TaskRunFilter(flowRunID: filter) }
            #expect(try await world.select(flowRunID(.init())) == underFlowRun, "{} excludes autonomous runs")
            #expect(try await world.select(flowRunID(.init(isNull: nil))) == world.all)
            #expect(try await world.select(flowRunID(.init(isNull: true))) == world.ids(world.autonomous))
            #expect(try await world.select(flowRunID(.init(anyOf: [world.flowRun.id]))) == underFlowRun)
            #expect(
                try await world.select(flowRunID(.init(anyOf: [world.flowRun.id], isNull: true)))
                    == world.ids(world.autonomous))
            #expect(try await world.select(flowRunID(.init(anyOf: []))) == [])
        }
    }

    @Test func subFiltersCombineWithTheOperator() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let and = TaskRunFilter(
                name: .init(like: "task"), tags: .init(allOf: ["blue"]), state: .init(type: .init(anyOf: [.scheduled])))
            #expect(try await world.select(and) == world.ids(world.first))
            let or = TaskRunFilter(
                operator: .or, id: .init(anyOf: [world.autonomous.id]), name: .init(anyOf: ["three"]),
                endTime: .init(isNull: false))
            #expect(try await world.select(or) == world.ids(world.second, world.third, world.autonomous))
            #expect(
                try await world.select(TaskRunFilter(operator: .or)) == world.all, "no criteria is TRUE for or_ too")
        }
    }

    /// Prefect: each sub-filter given is one term of the operator — TRUE when it has no criteria,
    /// and its own criteria ANDed — so an empty `id {}` makes an or_ filter match everything.
    @Test func eachSubFilterIsOneTermOfTheOperator() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let nope = NameFilter(anyOf: ["nope"])
            #expect(try await world.select(TaskRunFilter(operator: .or, id: .init(), name: nope)) == world.all)
            #expect(try await world.select(TaskRunFilter(operator: .or, name: nope, subflowRuns: .init())) == world.all)
            #expect(
                try await world.select(TaskRunFilter(operator: .or, name: nope, flowRunID: .init(isNull: nil)))
                    == world.all)
            #expect(try await world.select(TaskRunFilter(id: .init(), name: nope)) == [], "and_ is unchanged")

            let underFlowRun = world.ids(world.first, world.second, world.third)
            let select = { (filters: TaskRunQueryFilters) in Set(try await harness.ids(filters)) }
            let flowRun = world.flowRun.id
            let bothLists = FlowRunFilter(
                operator: .or, id: .init(anyOf: [flowRun], notAnyOf: [flowRun]), name: nope)
            #expect(try await select(.init(flowRuns: bothLists)) == [], "any_ and not_any_ of one id stay ANDed")
            for empty in [
                FlowRunFilter(operator: .or, id: .init(), name: nope),
                FlowRunFilter(operator: .or, name: nope, flowVersion: .init()),
                FlowRunFilter(operator: .or, name: nope, parentFlowRunID: .init()),
                FlowRunFilter(operator: .or, name: nope, idempotencyKey: .init()),
            ] {
                #expect(try await select(.init(flowRuns: empty)) == underFlowRun)
            }
            #expect(try await select(.init(flows: FlowFilter(operator: .or, id: .init(), name: nope))) == underFlowRun)
            let noDeploymentCriterion = FlowFilter(operator: .or, deployment: .init(), name: nope)
            #expect(try await select(.init(flows: noDeploymentCriterion)) == underFlowRun)
        }
    }

    @Test func flowRunFlowAndDeploymentJoins() async throws {
        try await StoreHarness.withStore { harness in
            let world = try await World.make(harness)
            let underFlowRun: Set<UUID> = world.ids(world.first, world.second, world.third)
            let select = { (filters: TaskRunQueryFilters) in Set(try await harness.ids(filters)) }
            #expect(try await select(.init(flowRuns: .init(id: .init(anyOf: [world.flowRun.id])))) == underFlowRun)
            #expect(try await select(.init(flowRuns: .init(id: .init(anyOf: [UUID()])))) == [])
            #expect(try await select(.init(flows: .init(id: .init(anyOf: [world.flowRun.flowID])))) == underFlowRun)
            #expect(try await select(.init(flows: .init(id: .init(anyOf: [UUID()])))) == [])
            #expect(
                try await select(.init(flows: FlowFilter())) == underFlowRun,
                "an empty flows {} excludes autonomous runs")
            #expect(try await select(.init(flowRuns: FlowRunFilter())) == underFlowRun)
            #expect(try await select(.init(deployments: DeploymentFilter())) == [], "no deployment: excluded")
            #expect(
                try await select(
                    .init(
                        flows: .init(id: .init(anyOf: [world.flowRun.flowID])),
                        flowRuns: .init(id: .init(anyOf: [UUID()])))) == [],
                "flow and flow-run filters must both hold")
            #expect(
                try await select(
                    .init(
                        flowRuns: .init(id: .init(anyOf: [world.flowRun.id])),
                        taskRuns: .init(name: .init(like: "three"))))
                    == world.ids(world.third))
        }
    }

    @Test func deploymentFilterSelectsRunsOfItsFlowRuns() async throws {
        try await StoreHarness.withStore { harness in
            let flow = try await harness.flow()
            let deployment = try await harness.store.createDeployment(DeploymentCreate(name: "d-1-1", flowID: flow.id))
                .value
            let deployed = try await harness.flowRun(flowID: flow.id, deploymentID: deployment.deployment.id)
            let run = try await harness.taskRun(flowRunID: deployed.id)
            _ = try await harness.taskRun(flowRunID: try await harness.flowRun(flowID: flow.id).id)
            let byID = TaskRunQueryFilters(deployments: .init(id: .init(anyOf: [deployment.deployment.id])))
            #expect(try await harness.ids(byID) == [run.id])
            #expect(try await harness.ids(TaskRunQueryFilters(deployments: .init(id: .init(anyOf: [UUID()])))) == [])
            #expect(
                try await harness.ids(TaskRunQueryFilters(deployments: .init(name: .init(like: "d_1")))) == [run.id])

            let nope = NameFilter(anyOf: ["nope"])
            for empty in [
                DeploymentFilter(operator: .or, id: .init(), name: nope),
                DeploymentFilter(operator: .or, name: nope, flowOrDeploymentName: .init()),
                DeploymentFilter(operator: .or, name: nope, paused: .init()),
                DeploymentFilter(operator: .or, name: nope, workQueueName: .init()),
            ] {
                #expect(try await harness.ids(TaskRunQueryFilters(deployments: empty)) == [run.id], "{} is TRUE")
            }
            let bothLists = DeploymentFilter(
                operator: .or, id: .init(anyOf: [deployment.deployment.id], notAnyOf: [deployment.deployment.id]),
                name: nope)
            #expect(try await harness.ids(TaskRunQueryFilters(deployments: bothLists)) == [])
        }
    }
}
