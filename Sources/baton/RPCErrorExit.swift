import ArgumentParser
import BatonServer
import Foundation
import GRPCCore

/// How a client command ends when its call fails: `error: <CODE>: <message>` on stderr,
/// one indented line per `google.rpc.BadRequest` field violation (left out for a single one
/// whose message already names its field), and exit code
/// 10 + the gRPC status code, so that scripts can tell NOT_FOUND (15) from UNAVAILABLE (24).
enum RPCErrorExit {
  /// Added to the gRPC status code, which keeps the codes (11-26) clear of success (0), other
  /// failures (1) and ArgumentParser's usage errors (64).
  static let base: Int32 = 10

  /// gRPC's canonical code names, by code number.
  private static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// The exit-code table for `--help`.
  static let discussion: String = {
    let codes = names.indices.dropFirst().map { number in
      "  \(Int(base) + number)  \(names[number])"
    }
    return """
      Exit codes: 0 success, 1 other failure, 64 bad usage; a call the server refused \
      exits with 10 + its gRPC status code and prints 'error: <CODE>: <message>' (and the \
      invalid fields the message does not name) on stderr:
      \(codes.joined(separator: "\n"))
      """
  }()

  static func name(of code: RPCError.Code) -> String {
    names.indices.contains(code.rawValue) ? names[code.rawValue] : "CODE_\(code.rawValue)"
  }

  static func exitCode(for code: RPCError.Code) -> ExitCode {
    ExitCode(base + Int32(code.rawValue))
  }

  /// What the command prints on stderr for `error`.
  static func message(for error: RPCError) -> String {
    let fieldViolations = error.badRequestFieldViolations
    let saidByTheMessage = fieldViolations.count == 1 && error.message.contains(fieldViolations[0].field)
    let violations =
      saidByTheMessage ? [] : fieldViolations.map { violation in "  \(violation.field): \(violation.description_p)" }
    return (["error: \(name(of: error.code)): \(error.message)"] + violations).joined(separator: "\n")
  }

  /// Prints `error` on stderr and returns the exit code to throw.
  static func report(_ error: RPCError) -> ExitCode {
    FileHandle.standardError.write(Data((message(for: error) + "\n").utf8))
    return exitCode(for: error.code)
  }
}
