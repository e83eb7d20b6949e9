import Foundation
import Synchronization

/// The task workers seen recently (spec task-workers §E.6), in memory: each worker's keys and
/// when it was last seen. Workers are identified only by client id, so streams sharing an id
/// count as one worker.
public final class TaskWorkerTracker: Sendable {
  /// One tracked worker.
  public struct Worker: Sendable, Hashable {
    public var identifier: String
    /// The keys of the worker's open streams, sorted.
    public var taskKeys: [String]
    public var lastSeen: Date
  }

  /// One open stream, as ``connect(_:keys:)`` returns it for ``disconnect(_:)``.
  public struct Stream: Sendable {
    fileprivate let identifier: String
    fileprivate let number: Int
  }

  private struct Entry {
    /// The keys of each open stream with this client id, by stream number; the worker is
    /// forgotten when the last one ends.
    var streams: [Int: [String]]
    var lastSeen: Date

    var keys: Set<String> { Set(streams.values.joined()) }
  }

  private struct State {
    var entries: [String: Entry] = [:]
    var nextStreamNumber = 0
  }

  private let state = Mutex(State())
  private let clock: @Sendable () -> Date

  public init(clock: @escaping @Sendable () -> Date = { Date() }) {
    self.clock = clock
  }

  /// A stream of `identifier` opened, serving `keys`.
  public func connect(_ identifier: String, keys: [String]) -> Stream {
    let now = clock()
    return state.withLock { state in
      defer { state.nextStreamNumber += 1 }
      state.entries[identifier, default: Entry(streams: [:], lastSeen: now)].streams[state.nextStreamNumber] = keys
      state.entries[identifier]?.lastSeen = now
      return Stream(identifier: identifier, number: state.nextStreamNumber)
    }
  }

  /// `identifier` is alive.
  public func observe(_ identifier: String) {
    let now = clock()
    state.withLock { $0.entries[identifier]?.lastSeen = now }
  }

  /// A stream ended: its keys leave the worker's, and the worker leaves with its last stream.
  public func disconnect(_ stream: Stream) {
    state.withLock { state in
      state.entries[stream.identifier]?.streams[stream.number] = nil
      if state.entries[stream.identifier]?.streams.isEmpty == true {
        state.entries[stream.identifier] = nil
      }
    }
  }

  /// The workers serving any of `taskKeys`; every worker when `taskKeys` is empty.
  public func workers(servingAnyOf taskKeys: [String]) -> [Worker] {
    let wanted = Set(taskKeys)
    return state.withLock { state in
      state.entries.compactMap { identifier, entry in
        let keys = entry.keys
        guard wanted.isEmpty || !keys.isDisjoint(with: wanted) else { return nil }
        return Worker(identifier: identifier, taskKeys: keys.sorted(), lastSeen: entry.lastSeen)
      }
    }.sorted { $0.identifier < $1.identifier }
  }
}
