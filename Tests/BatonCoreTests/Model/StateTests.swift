import Foundation
import Testing

@testable import BatonCore

@Suite struct StateTypeTests {
    @Test func terminalTypesAreTheFourFinishedOnes() {
        #expect(StateType.allCases.filter(\.isTerminal) == [.completed, .failed, .cancelled, .crashed])
    }

    @Test func defaultNamesCapitaliseTheType() {
        #expect(
            StateType.allCases.map(\.defaultName) == [
                "Scheduled", "Pending", "Running", "Completed", "Failed", "Cancelled", "Crashed", "Paused",
                "Cancelling",
            ])
    }
}

@Suite struct StateTests {
    @Test func proposalWithoutNameGetsTheDefaultName() {
        let state = State(proposal: StateCreate(type: .running), id: UUID(), timestamp: referenceDate)
        #expect(state.name == "Running")
        #expect(state.timestamp == referenceDate)
    }

    @Test func proposalKeepsItsName() {
        #expect(
            State(proposal: StateCreate(type: .running, name: "Mine"), id: UUID(), timestamp: referenceDate).name
                == "Mine")
    }

    @Test func scheduledProposalWithoutScheduledTimeIsDueNow() {
        let state = State(proposal: StateCreate(type: .scheduled), id: UUID(), timestamp: referenceDate)
        #expect(state.details.scheduledTime == referenceDate)
    }

    @Test func scheduledProposalKeepsItsScheduledTime() {
        let due = referenceDate.addingTimeInterval(60)
        let create = StateCreate(type: .scheduled, details: StateDetails(scheduledTime: due))
        #expect(State(proposal: create, id: UUID(), timestamp: referenceDate).details.scheduledTime == due)
    }

    @Test func otherProposalsGetNoScheduledTime() {
        #expect(
            State(proposal: StateCreate(type: .pending), id: UUID(), timestamp: referenceDate).details.scheduledTime
                == nil)
    }

    @Test(arguments: [
        (JSONValue?.none, false), (.object([:]), false), (.object(["type": "unpersisted"]), false),
        (.string("raw"), false), (.array([1]), false), (.object(["type": "reference"]), true),
        (.object(["storage_key": "k"]), true),
    ])
    func persistedResultMeansANonEmptyObjectNotMarkedUnpersisted(data: JSONValue?, persisted: Bool) {
        #expect(makeState(.completed, data: data).hasPersistedResult == persisted)
    }

    /// (proposed data, stored, answered)
    static let committedData: [(JSONValue?, JSONValue?, JSONValue?)] = [
        (nil, nil, nil),
        (.null, nil, nil),
        ("raw", "raw", "raw"),
        (["type": "unpersisted", "artifact_type": "t"], nil, ["type": "unpersisted", "artifact_type": "t"]),
        (["value": 1, "artifact_key": "k", "artifact_type": "t", "artifact_description": "d"], ["value": 1], ["value": 1]),
        (["type": "reference", "key": "s"], ["type": "reference", "key": "s"], ["type": "reference", "key": "s"]),
    ]

    @Test(arguments: committedData)
    func commitStoresPersistedDataWithoutArtifactMetadataAndAnswersUnpersistedData(
        proposed: JSONValue?, stored: JSONValue?, answered: JSONValue?
    ) {
        let committed = makeState(.completed, data: proposed).committed
        #expect(committed.stored.data == stored)
        #expect(committed.validated.data == answered)
    }
}

@Suite struct UUIDv7Tests {
    @Test func carriesVersionSevenAndTheRFCVariant() {
        let id = UUID.timeOrdered(at: referenceDate)
        #expect(id.uuid.6 >> 4 == 7)
        #expect(id.uuid.8 >> 6 == 0b10)
    }

    @Test func leadingBitsAreTheUnixMilliseconds() {
        let id = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1.234))
        #expect(id.uuidString.lowercased().hasPrefix("00000000-04d2-7"))
    }

    @Test func laterInstantsSortLater() {
        let earlier = UUID.timeOrdered(at: referenceDate).uuidString.lowercased()
        let later = UUID.timeOrdered(at: referenceDate.addingTimeInterval(0.002)).uuidString.lowercased()
        #expect(earlier < later)
    }
}
