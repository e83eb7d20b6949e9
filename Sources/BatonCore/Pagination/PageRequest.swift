/// One page of a paginated task-run list: the page number and limit, and the arithmetic that
/// turns them into an offset and a page count (spec task-run-api §2.7).
public struct PageRequest: Sendable, Hashable {
    /// 1-based.
    public var page: Int
    public var limit: Int

    /// Validates `page` (≥ 1, default 1) and `limit` (see `ListLimit`).
    public init(page: Int?, limit: Int?) throws {
        let page = page ?? 1
        if page < 1 {
            throw ValidationError(field: "page", message: "Invalid page: must be greater than or equal to 1.")
        }
        self.page = page
        self.limit = try ListLimit.resolve(limit)
    }

    /// How many rows to skip: `(page − 1) × limit`.
    public var offset: Int { (page - 1) * limit }

    /// `ceil(count / limit)`, or 0 when the limit is 0.
    public func pageCount(forTotal count: Int) -> Int {
        guard limit > 0 else { return 0 }
        return (count + limit - 1) / limit
    }
}
