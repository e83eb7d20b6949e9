import Foundation
import Synchronization

/// Copies committed WAL frames back into the database file on its own thread and connection,
/// so that the group-commit writer seldom stalls for a checkpoint.
///
/// It replaces SQLite's automatic checkpoints: the writer's WAL hook calls `walDidGrow` after
/// each commit, and past `limits.backgroundCheckpointFrames` frames a PASSIVE checkpoint is
/// requested (it never blocks the writer or readers). Past `limits.writerCheckpointFrames` it
/// stands aside and `isWriterDue` asks the writer to finish the job (see `WALLimits`).
final class Checkpointer: Sendable {
    private struct State {
        var isRequested = false
        var isClosed = false
        var hasStopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var framesInWAL: Int32 = 0
    }

    /// Copies what it can without waiting for readers or the writer.
    static let passiveCheckpoint = "PRAGMA wal_checkpoint(PASSIVE)"

    private let limits: WALLimits
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    init(limits: WALLimits) {
        self.limits = limits
    }

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
        let wake = state.withLock { state -> Bool in
            state.framesInWAL = frames
            guard frames >= limits.backgroundCheckpointFrames, frames < limits.writerCheckpointFrames,
                !state.isRequested
            else { return false }
            state.isRequested = true
            return true
        }
        if wake { wakeUp.signal() }
    }

    /// Whether the WAL has grown so long that the writer should checkpoint it between transactions.
    var isWriterDue: Bool {
        state.withLock { $0.framesInWAL >= limits.writerCheckpointFrames }
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
            try? connection.execute(script: Self.passiveCheckpoint)
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
