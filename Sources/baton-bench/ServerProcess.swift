import Foundation

/// A `baton serve` child process on a free port and a fresh database in `directory`: started
/// by ``start(baton:directory:stopAfter:)`` once it prints `listening on HOST:PORT`, ended by
/// ``stop()`` with SIGTERM. `--stop-after` ends it anyway if the benchmark dies first.
final class ServerProcess {
  let host: String
  let port: Int
  let logPath: String
  private let process: Process

  var pid: Int32 { process.processIdentifier }

  private init(process: Process, host: String, port: Int, logPath: String) {
    self.process = process
    self.host = host
    self.port = port
    self.logPath = logPath
  }

  static func start(baton: String, directory: URL, stopAfter: Double) throws -> ServerProcess {
    let logURL = directory.appendingPathComponent("baton.log")
    guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
      throw BenchmarkError("cannot create \(logURL.path)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: baton)
    process.arguments = [
      "serve", "--port", "0", "--database", directory.appendingPathComponent("baton.db").path,
      "--stop-after", "\(Int(stopAfter))",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: logURL)
    try process.run()

    var printed = ""
    while !printed.contains("\n") {
      let chunk = output.fileHandleForReading.availableData
      guard !chunk.isEmpty else {
        process.waitUntilExit()
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        throw BenchmarkError("\(baton) serve exited before listening:\n\(log)")
      }
      printed += String(decoding: chunk, as: UTF8.self)
    }
    let line = printed.prefix { $0 != "\n" }
    guard line.hasPrefix("listening on "), let colon = line.lastIndex(of: ":"),
      let port = Int(line[line.index(after: colon)...])
    else {
      process.terminate()
      throw BenchmarkError("\(baton) serve printed '\(line)' instead of 'listening on HOST:PORT'")
    }
    let host = String(line[line.index(line.startIndex, offsetBy: "listening on ".count)..<colon])
    return ServerProcess(process: process, host: host, port: port, logPath: logURL.path)
  }

  /// Throws, with how it ended and the end of its log, once the server is gone.
  func checkRunning() throws {
    guard !process.isRunning else { return }
    let ending = process.terminationReason == .uncaughtSignal ? "was killed by signal" : "exited with status"
    let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    throw BenchmarkError(
      "baton serve \(ending) \(process.terminationStatus); the end of its log:\n"
        + log.split(separator: "\n").suffix(20).joined(separator: "\n"))
  }

  /// SIGTERM, then waits for the graceful stop.
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }
}

/// Memory and CPU time of a process, from Linux's /proc.
struct ProcessUsage {
  /// Resident set size, from `VmRSS` in /proc/PID/status.
  var residentBytes: Int
  /// The largest resident set size so far, from `VmHWM`.
  var peakResidentBytes: Int
  /// User plus system CPU time, from /proc/PID/stat.
  var cpuSeconds: Double

  /// `pid` is a process id or "self"; nil when /proc cannot be read.
  init?(pid: String) {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let resident = Self.kilobytes("VmRSS:", in: status), let peak = Self.kilobytes("VmHWM:", in: status),
      let afterName = stat.lastIndex(of: ")")
    else { return nil }
    // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
    let fields = stat[stat.index(after: afterName)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    residentBytes = resident * 1024
    peakResidentBytes = peak * 1024
    cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  private static func kilobytes(_ key: String, in status: String) -> Int? {
    status.split(separator: "\n").first { $0.hasPrefix(key) }
      .flatMap { Int($0.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first ?? "") }
  }
}
