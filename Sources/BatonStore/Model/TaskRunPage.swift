import BatonCore

/// One page of a task-run list with the totals needed to page through it (spec §2.7).
public struct TaskRunPage: Sendable, Hashable {
    public var results: [TaskRun]
    /// All matching runs, not just this page.
    public var count: Int
    public var limit: Int
    /// `ceil(count / limit)`, 0 when the limit is 0.
    public var pages: Int
    public var page: Int

    public init(results: [TaskRun], count: Int, limit: Int, pages: Int, page: Int) {
        self.results = results
        self.count = count
        self.limit = limit
        self.pages = pages
        self.page = page
    }
}
