import Testing

@testable import BatonCore

@Suite struct PaginationTests {
    @Test func fiveMatchesInPagesOfTwoMakeThreePages() throws {
        let page = try PageRequest(page: 3, limit: 2)
        #expect(page.pageCount(forTotal: 5) == 3)
        #expect(page.offset == 4)
    }

    @Test func zeroLimitHasNoPages() throws {
        #expect(try PageRequest(page: 1, limit: 0).pageCount(forTotal: 1) == 0)
    }

    @Test func exactMultipleHasNoExtraPage() throws {
        #expect(try PageRequest(page: 1, limit: 2).pageCount(forTotal: 4) == 2)
        #expect(try PageRequest(page: 1, limit: 2).pageCount(forTotal: 0) == 0)
    }

    @Test func defaultsArePageOneOfTwoHundred() throws {
        let page = try PageRequest(page: nil, limit: nil)
        #expect(page.page == 1)
        #expect(page.limit == 200)
        #expect(page.offset == 0)
    }

    @Test(arguments: [0, -1])
    func pageBelowOneIsRejected(page: Int) {
        #expect(throws: ValidationError.self) { try PageRequest(page: page, limit: 10) }
    }

    @Test func limitOutsideZeroToTwoHundredIsRejectedWithPrefectsMessages() {
        #expect(throws: ValidationError(field: "limit", message: "Invalid limit: must be greater than or equal to 0."))
        {
            try ListLimit.resolve(-1)
        }
        #expect(throws: ValidationError(field: "limit", message: "Invalid limit: must be less than or equal to 200.")) {
            try ListLimit.resolve(1000)
        }
    }

    @Test func zeroLimitIsAllowed() throws {
        #expect(try ListLimit.resolve(0) == 0)
    }

    @Test func negativeOffsetIsRejected() throws {
        #expect(throws: ValidationError.self) { try ListLimit.resolveOffset(-1) }
        #expect(try ListLimit.resolveOffset(nil) == 0)
    }
}
