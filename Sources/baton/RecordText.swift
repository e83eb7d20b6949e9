import BatonProto
import Foundation

// How records read at a terminal. A record's id comes alone on the first line, so that
// `baton task-runs create … | head -1` gives a script the id.

extension Baton_V1_TaskRun {
  var detailText: String {
    var details = DetailList()
    details.append("name", name)
    details.append("task key", taskKey)
    details.append("dynamic key", dynamicKey)
    details.append("flow run", flowRunID)
    details.append("state", stateSummary)
    details.append("state message", state?.message)
    details.append("tags", tags.isEmpty ? nil : tags.joined(separator: ", "))
    details.append("cache key", cacheKey)
    details.append("run count", String(runCount))
    details.append("expected start", expectedStartTime.map(DateText.seconds))
    details.append("next scheduled start", nextScheduledStartTime.map(DateText.seconds))
    details.append("start", startTime.map(DateText.seconds))
    details.append("end", endTime.map(DateText.seconds))
    details.append("estimated run time", DurationText.seconds(estimatedRunTime))
    details.append("lateness", DurationText.seconds(estimatedStartTimeDelta))
    details.append("created", created.map(DateText.seconds))
    details.append("updated", updated.map(DateText.seconds))
    return id + "\n" + details.text
  }

  /// The current state type, with its name when that is not the type's default name.
  var stateSummary: String {
    StateText.summary(type: stateType, name: stateName)
  }
}

extension Baton_V1_State {
  /// `RUNNING`, or `SCHEDULED (Late)` for a state named other than its type.
  var summary: String {
    StateText.summary(type: type, name: name)
  }
}

extension Baton_V1_Flow {
  var detailText: String {
    var details = DetailList()
    details.append("name", name)
    details.append("tags", tags.isEmpty ? nil : tags.joined(separator: ", "))
    details.append("created", created.map(DateText.seconds))
    return id + "\n" + details.text
  }
}

extension Baton_V1_FlowRun {
  var detailText: String {
    var details = DetailList()
    details.append("name", name)
    details.append("flow", flowID)
    details.append("state", StateText.summary(type: stateType, name: stateName))
    details.append("tags", tags.isEmpty ? nil : tags.joined(separator: ", "))
    details.append("run count", String(runCount))
    details.append("expected start", expectedStartTime.map(DateText.seconds))
    details.append("created", created.map(DateText.seconds))
    return id + "\n" + details.text
  }
}

extension Baton_V1_ConcurrencyLimit {
  var detailText: String {
    var details = DetailList()
    details.append("tag", tag)
    details.append("limit", String(concurrencyLimit))
    details.append("active slots", String(activeSlots.count))
    details.append("created", created.map(DateText.seconds))
    return id + "\n" + details.text
  }
}

extension Baton_V1_OrchestrationResult {
  /// The status, the run's state after the call, and why it was not simply accepted.
  var detailText: String {
    var details = DetailList()
    details.append("status", status.prefectName)
    details.append("state", state.map { "\($0.summary)  \($0.id)" })
    details.append("details", detailsSummary)
    details.append("new state written", created ? "yes" : "no")
    return details.text
  }

  private var detailsSummary: String? {
    switch details {
    case .waitDetails(let wait): "retry in \(wait.delaySeconds) s" + (wait.reason.map { ": \($0)" } ?? "")
    case .rejectDetails(let reject): reject.reason.map { "reason: \($0)" }
    case .abortDetails(let abort): abort.reason.map { "reason: \($0)" }
    case .acceptDetails, nil: nil
    }
  }
}

enum StateText {
  static func summary(type: Baton_V1_StateType, name: String?) -> String {
    guard let typeName = type.prefectName else { return name ?? "-" }
    guard let name, !name.isEmpty, name.uppercased() != typeName else { return typeName }
    return "\(typeName) (\(name))"
  }
}

enum DurationText {
  /// `0.0 s`, `12.5 s`, `3 min 05 s`, `2 h 03 min`.
  static func seconds(_ seconds: Double) -> String {
    switch seconds {
    case ..<60: String(format: "%.1f s", seconds)
    case ..<3600: String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    default: String(format: "%d h %02d min", Int(seconds) / 3600, Int(seconds) % 3600 / 60)
    }
  }
}
