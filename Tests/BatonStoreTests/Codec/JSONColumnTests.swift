import BatonCore
import Foundation
import Testing

@testable import BatonStore

/// The JSON columns read back exactly what was written.
@Suite struct JSONColumnTests {
    /// Reads back what `value` writes, from text and (the store's path) from column bytes, and
    /// checks that both reads agree.
    static func roundTrip<Value: JSONColumnValue & Equatable>(_ value: Value) throws -> Value {
        let fromText = try Value(jsonText: value.jsonText)
        #expect(try fromBytes(value.jsonText, as: Value.self) == fromText)
        return fromText
    }

    static func fromBytes<Value: JSONColumnValue>(_ text: String, as type: Value.Type) throws -> Value {
        var text = text
        return try text.withUTF8 { try Value(jsonBytes: $0) }
    }

    @Test func stateDetailsRoundTripEveryField() throws {
        let details = StateDetails(
            flowRunID: UUID(), taskRunID: UUID(), childFlowRunID: UUID(),
            scheduledTime: Date(microsecondsSince1970: 1_625_097_600_123_456), cacheKey: "k\"ey",
            cacheExpiration: Date(microsecondsSince1970: 1), deferred: nil, untrackableResult: true,
            pauseTimeout: Date(microsecondsSince1970: -5), pauseReschedule: true, pauseKey: "p",
            runInputKeyset: ["a": "b"], refreshCache: false, retriable: true, transitionID: UUID(),
            taskParametersID: UUID(), traceparent: "00-abc", deploymentConcurrencyLeaseID: UUID())
        #expect(try Self.roundTrip(details) == details)
        #expect(try Self.roundTrip(StateDetails()) == StateDetails())
        #expect(try StateDetails(jsonText: "{}").deferred == false, "absent deferred means false")
    }

    @Test func policyInputsAndCollectionsRoundTrip() throws {
        #expect(
            try Self.roundTrip(TaskRunPolicy(retries: 3, retryDelay: [1, 2.5], retryJitterFactor: 0.5)).retries == 3)
        let policy = TaskRunPolicy(maxRetries: 2, retryDelaySeconds: 4)
        #expect(try Self.roundTrip(policy) == policy)
        let inputs: [String: [TaskRunInput]] = [
            "x": [.taskRun(id: UUID()), .flowRun(id: UUID())], "y": [],
            "z": [.parameter(name: "p"), .constant(type: "int")],
        ]
        #expect(try Self.roundTrip(inputs) == inputs)
        #expect(try Self.roundTrip(["a", "b"]) == ["a", "b"])
        #expect([String]().jsonText == "[]", "the tags is_null_ filter compares with []")
    }

    @Test func objectColumnsReadFromBytesLikeADictionary() throws {
        let policy = try Self.fromBytes(
            #" { "max_retries" : 1 , "max_retries": 2, "unknown": [1, {"x": null}], "retry_delay": null } "#,
            as: TaskRunPolicy.self)
        #expect(policy.maxRetries == 2, "of repeated names the last counts")
        #expect(policy.retryDelay == .null)
        #expect(try Self.fromBytes("{}", as: StateDetails.self).deferred == false)
        for malformed in ["[]", "\"text\"", "{} {}", "{\"max_retries\": 1", ""] {
            #expect(throws: StoreError.self, "\(malformed)") { try Self.fromBytes(malformed, as: TaskRunPolicy.self) }
        }
        #expect(throws: StoreError.self) { try Self.fromBytes(#"{"max_retries": "two"}"#, as: TaskRunPolicy.self) }
    }

    @Test func jsonValuesKeepStringsNumbersAndNesting() throws {
        let value: JSONValue = [
            "text": "quote \" backslash \\ newline \n tab \t control \u{01} unicode é 😀",
            "integer": 42, "negative": -7, "fraction": 0.1, "large": 1e300, "small": 1e-7, "true": true,
            "null": nil, "array": [1, "two", [3]], "object": ["nested": ["deep": true]],
        ]
        #expect(try Self.roundTrip(value) == value)
    }

    @Test func readerAcceptsEscapesAndWhitespaceOtherWritersUse() throws {
        let parsed = try JSONValue(jsonText: #" { "a" : [ 1 , 2E2 , -0.5 ] , "b" : "\u00e9\ud83d\ude00\/" } "#)
        #expect(parsed == ["a": [1, 200, -0.5], "b": "é😀/"])
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "{\"a\":01x}"])
    func malformedTextIsAnError(text: String) {
        #expect(throws: StoreError.self) { try JSONValue(jsonText: text) }
    }

    @Test func idsAreLowercaseAndParseBack() throws {
        let id = try #require(UUID(uuidString: "0F6E2A4C-1B3D-4E5F-8A9B-0C1D2E3F4A5B"))
        #expect(id.lowercasedString == "0f6e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b")
        let parsed = Array(id.lowercasedString.utf8).withUnsafeBufferPointer { UUID(hyphenatedUTF8: $0) }
        #expect(parsed == id)
        let broken = Array("0f6e2a4c-1b3d-4e5f-8a9b_0c1d2e3f4a5b".utf8).withUnsafeBufferPointer {
            UUID(hyphenatedUTF8: $0)
        }
        #expect(broken == nil)
    }

    /// With one byte of an id changed, the parser takes it exactly when every byte is still a
    /// hex digit (either case) or a hyphen in its place, and then reads the same id as Foundation.
    @Test func idParsingTakesHexDigitsAndHyphensOnly() {
        var random = SystemRandomNumberGenerator()
        let hexDigits = Set("0123456789abcdefABCDEF".utf8)
        for _ in 0..<5_000 {
            var text = Array(UUID().uuidString.utf8)
            if Bool.random(using: &random) { text = Array(String(decoding: text, as: UTF8.self).lowercased().utf8) }
            text[Int.random(in: 0..<36, using: &random)] = UInt8.random(in: 0...255, using: &random)
            let wellFormed = text.indices.allSatisfy { index in
                [8, 13, 18, 23].contains(index) ? text[index] == UInt8(ascii: "-") : hexDigits.contains(text[index])
            }
            let parsed = text.withUnsafeBufferPointer { UUID(hyphenatedUTF8: $0) }
            #expect(parsed == (wellFormed ? UUID(uuidString: String(decoding: text, as: UTF8.self)) : nil))
        }
    }

    @Test func instantsKeepMicroseconds() {
        let instant = Date(microsecondsSince1970: 1_625_097_600_000_001)
        #expect(instant.microsecondsSince1970 == 1_625_097_600_000_001)
        #expect(Date(timeIntervalSince1970: 1.2345674).roundedToMicroseconds.microsecondsSince1970 == 1_234_567)
    }
}
