import ArgumentParser
import BatonProto
import Foundation

/// A proto enum value given by its Prefect name, in any case: `--state running`.
struct PrefectNameArgument<Value: PrefectNamed>: ExpressibleByArgument {
  let value: Value

  init?(argument: String) {
    guard let value = Value.allCases.first(where: { $0.prefectName == argument.uppercased() }) else { return nil }
    self.value = value
  }

  static var allValueStrings: [String] { Value.allCases.compactMap(\.prefectName) }
}

typealias StateTypeArgument = PrefectNameArgument<Baton_V1_StateType>

extension StateTypeArgument {
  /// A state of this type with every other field at its default.
  var proposal: Baton_V1_StateCreate {
    var state = Baton_V1_StateCreate()
    state.type = value
    return state
  }
}

extension Baton_V1_StringList {
  init(_ values: [String]) {
    self.init()
    self.values = values
  }
}

/// An instant on the command line: ISO 8601 with a time zone (`2025-05-01T12:00:00Z`,
/// `2025-05-01T14:00:00.250+02:00`), or `now`.
struct InstantArgument: ExpressibleByArgument {
  let date: Date

  init(_ date: Date) {
    self.date = date
  }

  init?(argument: String) {
    if argument.lowercased() == "now" {
      self.date = Date()
      return
    }
    let formatter = ISO8601DateFormatter()
    for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
      formatter.formatOptions = options
      if let date = formatter.date(from: argument) {
        self.date = date
        return
      }
    }
    return nil
  }

  static let format = "ISO 8601 with a time zone, e.g. 2025-05-01T12:00:00Z, or 'now'"
}
