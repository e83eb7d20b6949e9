import BatonCore
import Foundation

extension StateDetails: JSONObjectColumnValue {
    static let storedName = "state_details"

    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("flow_run_id", flowRunID)
            writer.member("task_run_id", taskRunID)
            writer.member("child_flow_run_id", childFlowRunID)
            writer.member("scheduled_time", scheduledTime)
            writer.member("cache_key", cacheKey)
            writer.member("cache_expiration", cacheExpiration)
            // `deferred` defaults to false when absent, so a null must be written out.
            writer.member("deferred")
            if let deferred { writer.writeBool(deferred) } else { writer.writeNull() }
            writer.member("untrackable_result", untrackableResult)
            writer.member("pause_timeout", pauseTimeout)
            writer.member("pause_reschedule", pauseReschedule)
            writer.member("pause_key", pauseKey)
            if let runInputKeyset {
                writer.member("run_input_keyset")
                runInputKeyset.writeJSON(to: &writer)
            }
            writer.member("refresh_cache", refreshCache)
            writer.member("retriable", retriable)
            writer.member("transition_id", transitionID)
            writer.member("task_parameters_id", taskParametersID)
            writer.member("traceparent", traceparent)
            writer.member("deployment_concurrency_lease_id", deploymentConcurrencyLeaseID)
        }
    }

    init(object: JSONObjectReader) throws {
        self.init(
            flowRunID: try object.uuid("flow_run_id"),
            taskRunID: try object.uuid("task_run_id"),
            childFlowRunID: try object.uuid("child_flow_run_id"),
            scheduledTime: try object.date("scheduled_time"),
            cacheKey: try object.string("cache_key"),
            cacheExpiration: try object.date("cache_expiration"),
            deferred: object.contains("deferred") ? try object.bool("deferred") : false,
            untrackableResult: try object.bool("untrackable_result") ?? false,
            pauseTimeout: try object.date("pause_timeout"),
            pauseReschedule: try object.bool("pause_reschedule") ?? false,
            pauseKey: try object.string("pause_key"),
            runInputKeyset: try object.value("run_input_keyset").flatMap {
                $0 == .null ? nil : try [String: String](json: $0)
            },
            refreshCache: try object.bool("refresh_cache"),
            retriable: try object.bool("retriable"),
            transitionID: try object.uuid("transition_id"),
            taskParametersID: try object.uuid("task_parameters_id"),
            traceparent: try object.string("traceparent"),
            deploymentConcurrencyLeaseID: try object.uuid("deployment_concurrency_lease_id"))
    }
}
