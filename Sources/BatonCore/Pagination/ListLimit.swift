/// The `limit` of a list or page request: 200 by default and at most 200 (Prefect's
/// `server.api.default_limit`); 0 is allowed and returns nothing.
public enum ListLimit {
    /// Both the default and the maximum.
    public static let maximum = 200

    /// The effective limit for a requested one (`nil` means the default), with Prefect's messages.
    public static func resolve(_ requested: Int?) throws -> Int {
        guard let requested else { return maximum }
        if requested < 0 {
            throw ValidationError(field: "limit", message: "Invalid limit: must be greater than or equal to 0.")
        }
        if requested > maximum {
            throw ValidationError(field: "limit", message: "Invalid limit: must be less than or equal to \(maximum).")
        }
        return requested
    }

    /// The effective offset; negative offsets are rejected.
    public static func resolveOffset(_ requested: Int?) throws -> Int {
        let offset = requested ?? 0
        if offset < 0 {
            throw ValidationError(field: "offset", message: "Invalid offset: must be greater than or equal to 0.")
        }
        return offset
    }
}
