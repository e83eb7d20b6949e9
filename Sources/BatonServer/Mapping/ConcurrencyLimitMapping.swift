import BatonCore
import BatonProto
import BatonStore
import Foundation

// Tag concurrency limits (spec orchestration §B.5).

extension Baton_V1_ConcurrencyLimit {
  public init(_ limit: ConcurrencyLimit) {
    self.init()
    id = limit.id.wireString
    created = limit.created
    updated = limit.updated
    tag = limit.tag
    concurrencyLimit = Int32(clamping: limit.limit)
    activeSlots = limit.activeSlots.map(\.wireString)
  }
}

extension Baton_V1_CreateConcurrencyLimitResponse {
  public init(_ creation: Creation<ConcurrencyLimit>) {
    self.init()
    concurrencyLimit = Baton_V1_ConcurrencyLimit(creation.value)
    created = creation.created
  }
}

extension Baton_V1_ReadConcurrencyLimitsResponse {
  public init(_ limits: [ConcurrencyLimit]) {
    self.init()
    concurrencyLimits = limits.map(Baton_V1_ConcurrencyLimit.init)
  }
}

extension TagConcurrencyLimit {
  /// A validated `CreateConcurrencyLimit` request: the tag (required) and its limit; no slots.
  public init(validating request: Baton_V1_CreateConcurrencyLimitRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      TagConcurrencyLimit(
        tag: validator.required(request.tag, at: .request.member("tag")), limit: Int(request.concurrencyLimit))
    }
  }
}

/// A validated `ResetConcurrencyLimitByTag` request: the tag and the task runs that hold its
/// slots afterwards.
public struct ConcurrencySlotReset: Sendable, Hashable {
  public var tag: String
  /// Empty frees every slot.
  public var slots: [UUID]

  public init(validating request: Baton_V1_ResetConcurrencyLimitByTagRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      ConcurrencySlotReset(
        tag: request.tag, slots: validator.uuids(request.slotOverride, at: .request.member("slot_override")))
    }
  }

  private init(tag: String, slots: [UUID]) {
    self.tag = tag
    self.slots = slots
  }
}

/// A validated `ReadConcurrencyLimits` request: the window.
public struct ConcurrencyLimitListQuery: Sendable, Hashable {
  /// 0...200; 200 when the request has none.
  public var limit: Int
  public var offset: Int

  public init(validating request: Baton_V1_ReadConcurrencyLimitsRequest) throws(RequestValidationError) {
    self = try RequestValidator.validate { validator in
      let window = validator.listWindow(limit: request.limit, offset: request.offset)
      return ConcurrencyLimitListQuery(limit: window.limit, offset: window.offset)
    }
  }

  private init(limit: Int, offset: Int) {
    self.limit = limit
    self.offset = offset
  }
}
