import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// A write acknowledged to its caller survives the process being killed: the test re-launches
/// its own test binary running only `acknowledgingWriter`, lets it acknowledge writes, SIGKILLs
/// it mid-stream and reopens the database.
@Suite struct DurabilityTests {
    /// Set (to the database path) only in the child process.
    static let databaseVariable = "BATON_STORE_DURABILITY_DATABASE"
    /// Where the child appends one line per acknowledged write.
    static let acknowledgementsVariable = "BATON_STORE_DURABILITY_ACKS"

    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let databasePath = directory.path("baton.db")
        let acknowledgementsPath = directory.path("acks.log")
        try #require(FileManager.default.createFile(atPath: acknowledgementsPath, contents: nil))

        let child = Process()
        child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "acknowledgingWriter"]
        child.environment = ProcessInfo.processInfo.environment.merging([
            Self.databaseVariable: databasePath, Self.acknowledgementsVariable: acknowledgementsPath,
        ]) { _, new in new }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        let deadline = ContinuousClock.now + .seconds(60)
        while try Self.acknowledgements(at: acknowledgementsPath).count < 600 {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.terminate()
                Issue.record("the child stopped or stalled before acknowledging enough writes")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(child.processIdentifier, SIGKILL)
        while child.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        #expect(child.terminationReason == .uncaughtSignal)

        let acknowledged = try Self.acknowledgements(at: acknowledgementsPath)
        let store = try await SQLiteStore.open(path: databasePath)
        var missing = 0
        for (id, state) in acknowledged {
            let run = try await store.readTaskRun(id: id)
            if run == nil || (state == .running && run?.stateType != .running) { missing += 1 }
        }
        #expect(missing == 0, "\(missing) of \(acknowledged.count) acknowledged writes were lost")
        let integrity = try await store.readers.read { connection in
            try connection.queryFirst("PRAGMA integrity_check") { $0.string(0) }
        }
        #expect(integrity == "ok")
        await store.close()
    }

    /// The child's side: eight concurrent callers create runs and start them, appending a line
    /// once each write is acknowledged, until killed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[databaseVariable] != nil))
    func acknowledgingWriter() async throws {
        let environment = ProcessInfo.processInfo.environment
        let store = try await SQLiteStore.open(path: try #require(environment[Self.databaseVariable]))
        let log = open(try #require(environment[Self.acknowledgementsVariable]), O_WRONLY | O_APPEND)
        try #require(log >= 0)
        let acknowledge = { @Sendable (line: String) in
            var line = line + "\n"
            line.withUTF8 { _ = write(log, $0.baseAddress, $0.count) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<8 {
                group.addTask {
                    for index in 0... {
                        let run = try await store.createTaskRun(
                            TaskRunCreate(taskKey: "caller-\(caller)", dynamicKey: "\(index)")
                        ).run
                        acknowledge("\(run.id.lowercasedString) PENDING")
                        _ = try await store.setTaskRunState(
                            id: run.id, to: StateCreate(type: .running), force: false, parameters: [:])
                        acknowledge("\(run.id.lowercasedString) RUNNING")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The complete lines of the acknowledgement log: each run id with the state acknowledged last.
    static func acknowledgements(at path: String) throws -> [UUID: StateType] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var states: [UUID: StateType] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
        {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let id = UUID(uuidString: String(parts[0])),
                let state = StateType(rawValue: String(parts[1]))
            else { continue }
            if states[id] != .running { states[id] = state }
        }
        return states
    }
}
