import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One server's exclusive claim on a database: an advisory lock on a file beside it
/// (`<database>-lock`). The task-run queues and worker tracker live in memory, so two servers
/// on one file would each hand out the same background runs.
///
/// The lock is not taken on the database file itself: closing any descriptor of that file
/// would drop the locks SQLite holds on it. The kernel releases the lock when the process
/// ends, however it ends, so a crashed server leaves no stale claim.
final class DatabaseLock: Sendable {
  /// Open until released.
  private let descriptor: Mutex<Int32?>

  private init(descriptor: Int32) {
    self.descriptor = Mutex(descriptor)
  }

  /// Claims the database at `databasePath`, or throws when another process holds it.
  static func acquire(forDatabaseAt databasePath: String) throws -> DatabaseLock {
    let path = databasePath + "-lock"
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw DatabaseLockError(message: "Cannot open \(path): \(String(cString: strerror(errno))).")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = errno
      close(descriptor)
      throw DatabaseLockError(
        message: reason == EWOULDBLOCK
          ? "Another Baton server is using \(databasePath) (it holds \(path)); stop it or choose another --database."
          : "Cannot lock \(path): \(String(cString: strerror(reason))).")
    }
    return DatabaseLock(descriptor: descriptor)
  }

  /// Gives the claim up, once the database is closed; later calls do nothing.
  func release() {
    descriptor.withLock { descriptor in
      if let open = descriptor { close(open) }
      descriptor = nil
    }
  }
}

struct DatabaseLockError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
