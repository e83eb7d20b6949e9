import Foundation

extension UUID {
  /// The canonical wire form of an id: lowercase and hyphenated, as Prefect writes it.
  var wireString: String { uuidString.lowercased() }
}
