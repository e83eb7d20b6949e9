import ArgumentParser
import BatonServer
import Foundation

/// The environment variables behind the `BATON_*` options: an option given on the command
/// line wins, and its variable is read only when it is absent.
struct EnvironmentFallback {
  var variables: [String: String] = ProcessInfo.processInfo.environment

  /// The option's value, else the variable's.
  func string(_ option: String?, _ variable: String) -> String? {
    option ?? variables[variable]
  }

  /// The option's port, else the variable's; either must be from 0 to 65535.
  func port(_ option: Int?, _ variable: String = "BATON_PORT") throws -> Int? {
    let port: Int
    if let option {
      port = option
    } else if let text = variables[variable] {
      guard let value = Int(text) else { throw ValidationError("\(variable) must be a port number, not '\(text)'.") }
      port = value
    } else {
      return nil
    }
    guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
    return port
  }

  /// The option's file path, else the variable's, with a leading `~` as the home directory
  /// (a shell leaves it alone inside quotes and in variables).
  func path(_ option: String?, _ variable: String) -> String? {
    string(option, variable).map { ServerConfiguration.expandingTilde(in: $0, environment: variables) }
  }

  /// The flag when given, else the variable's yes or no (1/0, true/false, yes/no, on/off).
  func flag(_ option: Bool, _ variable: String) throws -> Bool {
    guard !option, let text = variables[variable] else { return option }
    switch text.lowercased() {
    case "1", "true", "yes", "on": return true
    case "", "0", "false", "no", "off": return false
    default: throw ValidationError("\(variable) must be 1, true, yes or on (or 0, false, no, off), not '\(text)'.")
    }
  }

  /// The option's token, else the variable's; an empty token is the same as none.
  func token(_ option: String?, _ variable: String = "BATON_AUTH_TOKEN") -> String? {
    string(option, variable).flatMap { $0.isEmpty ? nil : $0 }
  }
}
