import BatonCore

extension CreatedBy: JSONColumnValue {
    func writeJSON(to writer: inout JSONWriter) {
        writer.writeObject { writer in
            writer.member("id", id)
            writer.member("type", type)
            writer.member("display_value", displayValue)
        }
    }

    init(json: JSONValue) throws {
        let object = try JSONObjectReader(json, what: "created_by")
        self.init(
            id: try object.uuid("id"), type: try object.string("type"), displayValue: try object.string("display_value")
        )
    }
}
