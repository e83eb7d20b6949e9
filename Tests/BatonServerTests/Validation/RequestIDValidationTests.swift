import Foundation
import Testing

@testable import BatonServer

@Suite struct RequestIDValidationTests {
  @Test func acceptsLowercaseAndUppercaseUUIDs() throws {
    let id = UUID()
    #expect(try UUID(validating: id.uuidString.lowercased()) == id)
    #expect(try UUID(validating: id.uuidString) == id)
  }

  @Test func nonUUIDIsRefusedNamingTheField() {
    let found = violation { try UUID(validating: "not-a-uuid") }
    #expect(found?.field == "id")
    #expect(found?.message == "id must be a UUID such as 0b9c2e5e-8d3f-4c61-9a57-6f1d2c3b4a59.")
  }

  @Test func emptyIDIsRequired() {
    let found = violation { try UUID(validating: "", field: "task_run_id") }
    #expect(found?.field == "task_run_id")
    #expect(found?.message == "task_run_id is required.")
  }
}
