import BatonCore
import BatonProto
import BatonStore
import Foundation

// Limits, offsets and pages of the list calls (spec task-run-api §2.6, §2.7), checked by
// BatonCore's `ListLimit` and `PageRequest` with Prefect's messages.

extension RequestValidator {
  /// The window of a list call: `limit` 0...200 (absent: 200), `offset` >= 0.
  mutating func listWindow(limit: Int32?, offset: Int32) -> (limit: Int, offset: Int) {
    let limit = check { try ListLimit.resolve(limit.map(Int.init)) }
    let offset = check { try ListLimit.resolveOffset(Int(offset)) }
    // Stand-ins only when a violation was recorded, which refuses the request.
    return (limit ?? ListLimit.maximum, offset ?? 0)
  }

  /// A page: `page` >= 1 (absent: 1), `limit` 0...200 (absent: 200).
  mutating func pageRequest(page: Int32?, limit: Int32?) -> PageRequest? {
    // The limit is checked on its own first, so that a bad page and a bad limit are both
    // reported (PageRequest stops at the first); a bad one has been recorded, which refuses
    // the request, and the page is checked with the default instead.
    let limit = check { try ListLimit.resolve(limit.map(Int.init)) }
    return check { try PageRequest(page: page.map(Int.init), limit: limit ?? ListLimit.maximum) }
  }
}

extension Baton_V1_PaginateTaskRunsResponse {
  /// One page of runs, with the read-time fields computed as of `now`.
  ///
  /// Prefect returns a reduced run shape here; Baton returns every field, a superset.
  public init(_ page: TaskRunPage, now: Date) {
    self.init()
    results = page.results.map { Baton_V1_TaskRun($0, now: now) }
    count = Int64(page.count)
    limit = Int32(clamping: page.limit)
    pages = Int64(page.pages)
    self.page = Int32(clamping: page.page)
  }
}
