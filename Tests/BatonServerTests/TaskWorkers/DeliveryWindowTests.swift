import BatonCore
import Foundation
import Testing

@testable import BatonServer

@Suite("Delivery window")
struct DeliveryWindowTests {
  private func run() -> TaskRun {
    TaskRun(id: UUID(), created: instant(0), updated: instant(0), name: "", taskKey: "k", dynamicKey: "")
  }

  @Test func closingReturnsTheOutstandingRunsAndRefusesLaterOnes() {
    let window = DeliveryWindow(limit: 2)
    let first = run(), second = run(), late = run()
    #expect(window.add(first))
    #expect(window.add(second))
    #expect(window.acknowledge(first.id)?.id == first.id)
    #expect(window.acknowledge(first.id) == nil)
    #expect(window.close().map(\.id) == [second.id])
    // A run taken after the stream began to end is not sent: the caller queues it again.
    #expect(!window.add(late))
    #expect(window.close().isEmpty)
  }
}
