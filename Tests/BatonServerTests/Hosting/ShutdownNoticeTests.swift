import GRPCCore
import Synchronization
import Testing

@testable import BatonServer

@Suite struct ShutdownNoticeTests {
  @Test func aStreamThatEndsByItselfReturnsAsUsual() async throws {
    let notice = ShutdownNotice()
    let ran = Atomic(false)
    try await notice.endingAtShutdown { ran.store(true, ordering: .relaxed) }
    let didRun = ran.load(ordering: .relaxed)
    #expect(didRun)
  }

  @Test func theNoticeCancelsAWaitingStreamLetsItCleanUpAndAnswersUnavailable() async throws {
    let notice = ShutdownNotice()
    let cleanedUp = Atomic(false)
    let started = AsyncStream<Void>.makeStream()
    let ending = Task {
      try await notice.endingAtShutdown {
        defer { cleanedUp.store(true, ordering: .relaxed) }
        started.continuation.yield()
        try await Task.sleep(for: .seconds(60))
      }
    }
    for await _ in started.stream { break }
    notice.announce()
    let error = await #expect(throws: RPCError.self) { try await ending.value }
    #expect(error?.code == .unavailable)
    #expect(error?.message.contains("shutting down") == true)
    let didCleanUp = cleanedUp.load(ordering: .relaxed)
    #expect(didCleanUp)
  }

  @Test func aStreamStartedAfterTheNoticeEndsAtOnce() async throws {
    let notice = ShutdownNotice()
    notice.announce()
    let elapsed = await ContinuousClock().measure {
      await #expect(throws: RPCError.self) {
        try await notice.endingAtShutdown { try await Task.sleep(for: .seconds(60)) }
      }
    }
    #expect(elapsed < .seconds(10))
  }

  @Test func aStreamsOwnErrorBeforeTheNoticeIsItsAnswer() async throws {
    let notice = ShutdownNotice()
    let error = await #expect(throws: RPCError.self) {
      try await notice.endingAtShutdown { throw RPCError(code: .failedPrecondition, message: "its own") }
    }
    #expect(error?.code == .failedPrecondition)
  }
}
