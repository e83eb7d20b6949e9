import Foundation
import Synchronization

/// A clock tests move by hand, handed to the store as its `clock`.
final class TestClock: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date = referenceDate) {
        instant = Mutex(start)
    }

    var now: Date { instant.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    func set(_ date: Date) {
        instant.withLock { $0 = date }
    }
}

/// 2021-07-01 00:00:00 UTC, the instant Prefect's history tests start from.
let referenceDate = Date(timeIntervalSince1970: 1_625_097_600)
