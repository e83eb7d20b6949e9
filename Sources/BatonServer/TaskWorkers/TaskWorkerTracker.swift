import Foundation
import Synchronization

/// The task workers seen recently (spec task-workers §E.6), in memory: each worker's keys and
/// when it was last seen. Workers are identified only by client id, so streams sharing an id
/// count as one worker.
public final class TaskWorkerTracker: Sendable {
  /// One tracked worker.
  public struct Worker: Sendable, Hashable {
    public var identifier: String
    /// Every key observed since the worker was last forgotten, sorted.
    public var taskKeys: [String]
    public var lastSeen: Date
  }

  private struct Entry {
    var keys: Set<String>
    var lastSeen: Date
    /// Open streams with this client id; the worker is forgotten when the last one ends.
    var streams: Int
  }

  private let entries = Mutex<[String: Entry]>([:])
  private let clock: @Sendable () -> Date

  public init(clock: @escaping @Sendable () -> Date = { Date() }) {
    self.clock = clock
  }

  /// A stream of `identifier` opened, serving `keys`.
  public func connect(_ identifier: String, keys: [String]) {
    let now = clock()
    entries.withLock { entries in
      entries[identifier, default: Entry(keys: [], lastSeen: now, streams: 0)].streams += 1
      entries[identifier]?.keys.formUnion(keys)
      entries[identifier]?.lastSeen = now
    }
  }

  /// `identifier` is alive and serves `keys`.
  public func observe(_ identifier: String, keys: [String]) {
    let now = clock()
    entries.withLock { entries in
      guard entries[identifier] != nil else { return }
      entries[identifier]?.keys.formUnion(keys)
      entries[identifier]?.lastSeen = now
    }
  }

  /// A stream of `identifier` ended.
  public func disconnect(_ identifier: String) {
    entries.withLock { entries in
      guard let streams = entries[identifier]?.streams else { return }
      if streams <= 1 {
        entries[identifier] = nil
      } else {
        entries[identifier]?.streams = streams - 1
      }
    }
  }

  /// The workers serving any of `taskKeys`; every worker when `taskKeys` is empty.
  public func workers(servingAnyOf taskKeys: [String]) -> [Worker] {
    let wanted = Set(taskKeys)
    return entries.withLock { entries in
      entries.compactMap { identifier, entry in
        guard wanted.isEmpty || !entry.keys.isDisjoint(with: wanted) else { return nil }
        return Worker(identifier: identifier, taskKeys: entry.keys.sorted(), lastSeen: entry.lastSeen)
      }
    }.sorted { $0.identifier < $1.identifier }
  }
}
