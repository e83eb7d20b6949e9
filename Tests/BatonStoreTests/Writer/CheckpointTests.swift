import BatonCore
import Foundation
import Testing

@testable import BatonStore

@Suite struct CheckpointTests {
    /// Under writes that never pause, the background checkpoint never copies the last frame, so
    /// without the writer's own checkpoint SQLite never starts the log over and it grows with
    /// every commit.
    @Test func theLogStaysBoundedUnderSteadyWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("baton.db")
        let limits = WALLimits(backgroundCheckpointFrames: 16, writerCheckpointFrames: 64)
        let store = try await SQLiteStore.open(path: path, configuration: SQLiteStoreConfiguration(walLimits: limits))
        let callers = 8
        let createsPerCaller = 150
        let largestLog = try await withThrowingTaskGroup(of: Int.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var largest = 0
                    for index in 0..<createsPerCaller {
                        _ = try await store.createTaskRun(
                            TaskRunCreate(taskKey: "task-\(caller)", dynamicKey: "\(index)", state: StateCreate(type: .pending)))
                        largest = max(largest, Self.fileSize(path + "-wal"))
                    }
                    return largest
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        #expect(try await store.countTaskRuns(.init()) == callers * createsPerCaller)
        #expect(store.writerStatistics.checkpoints > 0)
        await store.close()

        // The writer's point, plus what the transactions committed before it got round to it
        // (8 creates of about 10 pages each, twice) and the background pass's own lag.
        let frameBytes = 4_096 + 24
        let bound = (Int(limits.writerCheckpointFrames) + 200) * frameBytes
        #expect(largestLog > 0)
        #expect(largestLog <= bound, "the WAL grew to \(largestLog / frameBytes) frames")
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
