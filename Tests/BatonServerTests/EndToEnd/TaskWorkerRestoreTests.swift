import BatonClient
import BatonProto
import BatonServer
import Foundation
import Testing

extension EndToEnd {
  @Suite("Background runs across restarts")
  struct TaskWorkerRestoreTests {
    @Test func everyDeferredScheduledRunIsQueuedAgainWhenTheServerStarts() async throws {
      let folder = FileManager.default.temporaryDirectory.appending(path: "baton-restore-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let sameDatabase = { (configuration: inout ServerConfiguration) in
        configuration.databasePath = folder.appending(path: "baton.db").path(percentEncoded: false)
      }

      let created = try await withBatonServer(configure: sameDatabase) { baton, _ in
        var ids: Set<String> = []
        for _ in 0..<5 { ids.insert(try await baton.createBackgroundRun(key: "k").id) }
        return ids
      }
      let delivered = try await withBatonServer(configure: sameDatabase) { baton, _ in
        let worker = try await WorkerStream.subscribe(baton, keys: ["k"])
        var ids: Set<String> = []
        while let run = await worker.nextRun(within: .milliseconds(500)) {
          ids.insert(run.id)
          worker.acknowledge(run.id)
        }
        worker.quit()
        return ids
      }
      #expect(delivered == created)
    }
  }
}
