import Foundation
import Synchronization

/// Copies committed WAL frames back into the database file on its own thread and connection,
/// so that the group-commit writer never stalls for a checkpoint.
///
/// It replaces SQLite's automatic checkpoints: the writer's WAL hook calls `walDidGrow` after
/// each commit, and past `frameThreshold` frames a PASSIVE checkpoint is requested (it never
/// blocks the writer or readers).
final class Checkpointer: Sendable {
    /// SQLite's own automatic-checkpoint threshold (about 4 MB of 4 KB pages).
    static let frameThreshold: Int32 = 1_000

    private struct State {
        var isRequested = false
        var isClosed = false
        var hasStopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    init() {}

    /// Opens the checkpointer's connection on a new thread; the writer has prepared the file.
    func start(path: String, configuration: SQLiteStoreConfiguration) async throws {
        let timeout = configuration.busyTimeoutMilliseconds
        try await ConnectionThread.start(
            name: "baton-sqlite-checkpointer",
            open: { try SQLiteConnection.openCheckpointer(path: path, busyTimeoutMilliseconds: timeout) },
            serve: { self.serve($0) },
            onExit: { self.didStop() })
    }

    /// Called on the writer thread after each commit with the number of frames in the WAL.
    func walDidGrow(toFrames frames: Int32) {
        guard frames >= Self.frameThreshold else { return }
        let wake = state.withLock { state -> Bool in
            defer { state.isRequested = true }
            return !state.isRequested
        }
        if wake { wakeUp.signal() }
    }

    /// Stops the thread and closes its connection (which checkpoints what is left, if it can).
    func close() async {
        await withCheckedContinuation { (stopped: CheckedContinuation<Void, Never>) in
            let wake = state.withLock { state -> Bool in
                guard !state.hasStopped else {
                    stopped.resume()
                    return false
                }
                state.stopWaiters.append(stopped)
                defer { state.isClosed = true }
                return !state.isClosed
            }
            if wake { wakeUp.signal() }
        }
    }

    private func serve(_ connection: SQLiteConnection) {
        while true {
            wakeUp.wait()
            let isClosed = state.withLock { state -> Bool in
                state.isRequested = false
                return state.isClosed
            }
            if isClosed { return }
            // A failed checkpoint (e.g. busy) is retried on the next request; the WAL only grows.
            try? connection.execute(script: "PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    private func didStop() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.hasStopped = true
            state.isClosed = true
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
