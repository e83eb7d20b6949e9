import Foundation

extension UUID {
  /// Reads the id a request addresses (`ReadTaskRunRequest.id` and the like).
  ///
  /// - Throws: `RequestValidationError` naming `field` when `text` is empty or not a UUID.
  public init(validating text: String, field: String = "id") throws(RequestValidationError) {
    let path = FieldPath.request.member(field)
    self = try RequestValidator.validate { validator in
      validator.requiredUUID(text, at: path)
    }
  }
}
