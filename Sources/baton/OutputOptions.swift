import ArgumentParser

/// `--json`: one JSON document with Prefect's field names instead of text for people.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Print JSON with Prefect's field names instead of text.")
  var json = false

  /// Prints `document` with `--json`, else `text` (computed only if needed).
  func print(_ document: @autoclosure () -> JSONDocument, else text: @autoclosure () -> String) {
    Swift.print(json ? document().text : text())
  }

  /// Prints one event of a stream: with `--json` one compact document per line (JSON Lines).
  func printEvent(_ document: @autoclosure () -> JSONDocument, else text: @autoclosure () -> String) {
    Swift.print(json ? document().line : text())
  }

  /// Prints what a create call returned: `{"<key>": record, "created": bool}` with
  /// `--json`, else the record and a last line saying `created` or `existing`.
  func printCreation(
    _ key: String, _ record: JSONDocument, text: String, created: Bool, existing: String = "already existed"
  ) {
    print(.object([(key, record), ("created", .bool(created))]), else: text + "\n" + (created ? "created" : existing))
  }
}
