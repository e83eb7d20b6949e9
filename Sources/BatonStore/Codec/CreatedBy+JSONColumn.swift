import BatonCore

extension CreatedBy: JSONObjectColumnValue {
    static let storedName = "created_by"

    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("id", id)
            writer.member("type", type)
            writer.member("display_value", displayValue)
        }
    }

    init(object: JSONObjectReader) throws {
        self.init(
            id: try object.uuid("id"), type: try object.string("type"), displayValue: try object.string("display_value")
        )
    }
}
