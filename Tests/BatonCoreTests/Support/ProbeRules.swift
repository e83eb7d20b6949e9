import Foundation

@testable import BatonCore

/// What a probe rule does before the transition, besides logging.
protocol ProbeBehavior: Sendable {
    static var name: String { get }
    static var fromStates: Set<StateType?> { get }
    static var toStates: Set<StateType?> { get }
    static func act(_ scope: inout BeforeTransitionScope) throws
}

extension ProbeBehavior {
    static var fromStates: Set<StateType?> { allOrchestrationStates }
    static var toStates: Set<StateType?> { allOrchestrationStates }
    static func act(_ scope: inout BeforeTransitionScope) throws {}
}

/// A rule that logs every hook it runs to the in-memory data source, then acts.
struct Probe<Behavior: ProbeBehavior>: OrchestrationRule {
    static var fromStates: Set<StateType?> { Behavior.fromStates }
    static var toStates: Set<StateType?> { Behavior.toStates }

    mutating func beforeTransition(_ scope: inout BeforeTransitionScope) throws {
        log(scope.data, "before")
        try Behavior.act(&scope)
    }

    func afterTransition(_ scope: inout AfterTransitionScope) throws {
        log(scope.data, "after")
    }

    func cleanup(_ scope: inout AfterTransitionScope) throws {
        log(scope.data, "cleanup")
    }

    private func log(_ data: any OrchestrationDataSource, _ hook: String) {
        (data as! InMemoryOrchestrationData).log.append("\(Behavior.name).\(hook)")
    }
}

/// A universal transform that records its hooks and whether the transition was nullified
/// then: its before hook in `parameters["transform.before"]` (it has no data source), its
/// after hook in the log.
struct ProbeTransform: UniversalTransform {
    func beforeTransition(_ context: inout OrchestrationContext) throws {
        context.parameters["transform.before"] = context.proposedState == nil ? "nullified" : "proposed"
    }

    func afterTransition(_ context: inout OrchestrationContext, data: any OrchestrationDataSource) throws {
        (data as! InMemoryOrchestrationData).log.append(
            context.proposedState == nil ? "transform.after(nullified)" : "transform.after")
    }
}

enum First: ProbeBehavior { static let name = "first" }
enum Second: ProbeBehavior { static let name = "second" }
enum Third: ProbeBehavior { static let name = "third" }

enum OnlyIntoRunning: ProbeBehavior {
    static let name = "onlyIntoRunning"
    static var toStates: Set<StateType?> { [.running] }
}

enum OnlyFromScheduled: ProbeBehavior {
    static let name = "onlyFromScheduled"
    static var fromStates: Set<StateType?> { [.scheduled] }
}

enum RejectToCompleted: ProbeBehavior {
    static let name = "rejectToCompleted"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        try scope.reject(to: makeState(.completed, name: "Replacement", at: scope.now), reason: "replaced")
    }
}

enum RejectToSameType: ProbeBehavior {
    static let name = "rejectToSameType"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        var same = scope.proposedState!
        same.message = "edited"
        try scope.reject(to: same, reason: "same type")
    }
}

enum RejectToNothing: ProbeBehavior {
    static let name = "rejectToNothing"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        try scope.reject(to: nil, reason: "no thanks")
    }
}

enum DelayFortyTwo: ProbeBehavior {
    static let name = "delay"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        scope.delay(seconds: 42, reason: "later")
    }
}

enum AbortAll: ProbeBehavior {
    static let name = "abort"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        scope.abort(reason: "stop")
    }
}

struct ProbeFailure: Error, Equatable {}

enum Throwing: ProbeBehavior {
    static let name = "throwing"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        throw ProbeFailure()
    }
}

enum RenameToSpecial: ProbeBehavior {
    static let name = "rename"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        scope.rename(to: "Special")
    }
}

enum WriteGreeting: ProbeBehavior {
    static let name = "writer"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        scope.setParameter("greeting", to: "hello")
    }
}

enum ReadGreeting: ProbeBehavior {
    static let name = "reader"
    static func act(_ scope: inout BeforeTransitionScope) throws {
        guard case .string(let greeting) = scope.parameters["greeting"] else { return }
        (scope.data as! InMemoryOrchestrationData).log.append("reader saw \(greeting)")
    }
}
