import Foundation
import Testing

@testable import BatonCore

/// The JSON shapes stores keep in JSON columns, in Prefect's field names.
@Suite struct CodingTests {
    func roundTrip<Value: Codable & Equatable>(_ value: Value) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
    }

    @Test func jsonValueRoundTripsEveryCase() throws {
        let value: JSONValue = [
            "null": nil, "bool": true, "number": 1.5, "string": "s", "array": [1, "two"], "object": ["k": false],
        ]
        #expect(try roundTrip(value) == value)
    }

    @Test func jsonBooleansAndNumbersStayDistinct() throws {
        let decoded = try JSONDecoder().decode([JSONValue].self, from: Data("[true, 1, 0]".utf8))
        #expect(decoded == [.bool(true), .number(1), .number(0)])
    }

    @Test func stateDetailsUseSnakeCaseAndDropUnknownKeys() throws {
        let id = UUID()
        let json = Data(#"{"task_run_id": "\#(id.uuidString)", "cache_key": "k", "surprise": 1}"#.utf8)
        let details = try JSONDecoder().decode(StateDetails.self, from: json)
        #expect(details.taskRunID == id)
        #expect(details.cacheKey == "k")
        #expect(details.deferred == false)
        #expect(details.pauseReschedule == false)
    }

    @Test func stateDetailsRoundTrip() throws {
        let details = StateDetails(
            taskRunID: UUID(), scheduledTime: referenceDate, cacheKey: "k", deferred: nil, pauseReschedule: true,
            runInputKeyset: ["a": "b"], retriable: false, taskParametersID: UUID())
        #expect(try roundTrip(details) == details)
    }

    @Test func taskRunPolicyRoundTrips() throws {
        let policy = TaskRunPolicy(retries: 3, retryDelay: [1, 2], retryJitterFactor: 0.2)
        #expect(try roundTrip(policy) == policy)
    }

    @Test func taskInputsRoundTripEveryShape() throws {
        let inputs: [String: [TaskRunInput]] = [
            "x": [.taskRun(id: UUID()), .flowRun(id: UUID())], "y": [],
            "z": [.parameter(name: "p"), .constant(type: "int")],
        ]
        #expect(try roundTrip(inputs) == inputs)
    }

    @Test func unknownInputTypeIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TaskRunInput.self, from: Data(#"{"input_type": "mystery"}"#.utf8))
        }
    }
}
