import Core
import ECGLensTestSupport
import Foundation

/// What one mutated input did to a reader.
public enum FaultOutcome: Sendable {
  /// Read (or measured) without error: the mutant is still a valid input.
  case accepted
  /// A typed error whose message names the file.
  case cleanError
  /// An error whose message does not name the file: a user could not tell which input is bad.
  case unnamedError(String)
}

/// A reader under test: its seeds (real files) and how to run it on a mutant written to disk.
public struct FaultTarget: Sendable {
  public let name: String
  /// Seed files: a name (the mutant is written under it), the bytes, and whether it is text.
  public let seeds: [(name: String, data: Data, isText: Bool)]
  /// Writes any companion files the mutant needs into `folder` and runs the reader on
  /// `folder/name`; returns whether it accepted the input (throws for a rejection).
  public let run: @Sendable (_ folder: String, _ name: String) throws -> Void

  public init(name: String, seeds: [(name: String, data: Data, isText: Bool)], run: @escaping @Sendable (String, String) throws -> Void) {
    self.name = name; self.seeds = seeds; self.run = run
  }
}

/// Counts of a campaign on one target.
public struct FaultCounts: Sendable {
  public var target: String
  public var cases = 0, accepted = 0, cleanErrors = 0, unnamedErrors = 0, hangs = 0
  public var examples: [String] = []
  public var seconds = 0.0
}

/// Runs `cases` seeded mutants of the target's seeds, each in a fresh folder, each under a
/// watchdog: a case taking longer than `timeout` seconds is a hang, reported with its seed (and
/// the campaign stops, since the reader is still running). A crash ends the process; the seed of
/// the case being run is on standard error (`announce`) so it can be replayed.
public func runFaultCampaign(
  _ target: FaultTarget, cases: Int, seed: UInt64, timeout: Double = 20, announce: Bool = false
) throws -> FaultCounts {
  var counts = FaultCounts(target: target.name)
  let start = Date()
  for k in 0..<cases {
    let caseSeed = seed &* 6_364_136_223_846_793_005 &+ UInt64(k)
    var mutator = Mutator(seed: caseSeed)
    let s = target.seeds[k % target.seeds.count]
    let mutant = k < target.seeds.count ? s.data : mutator.mutate(s.data, isText: s.isText)
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try mutant.write(to: URL(fileURLWithPath: folder + "/" + s.name))
    if announce { FileHandle.standardError.write(Data("\(target.name) case \(k) seed \(caseSeed)\n".utf8)) }
    let outcome = Mutex<FaultOutcome?>(nil)
    let done = DispatchSemaphore(value: 0)
    let run = target.run, name = s.name
    Thread.detachNewThread {
      let o: FaultOutcome
      do {
        try run(folder, name)
        o = .accepted
      } catch {
        let message = "\(error)"
        o = message.contains(name) || message.contains(folder) ? .cleanError : .unnamedError(message)
      }
      outcome.withLock { $0 = o }
      done.signal()
    }
    counts.cases += 1
    guard done.wait(timeout: .now() + timeout) == .success else {
      counts.hangs += 1
      counts.examples.append("hang: \(target.name) case \(k) seed \(caseSeed) (\(s.name))")
      break
    }
    switch outcome.withLock({ $0 })! {
    case .accepted: counts.accepted += 1
    case .cleanError: counts.cleanErrors += 1
    case .unnamedError(let m):
      counts.unnamedErrors += 1
      if counts.examples.count < 5 { counts.examples.append("unnamed error: \(target.name) case \(k) seed \(caseSeed): \(m)") }
    }
  }
  counts.seconds = Date().timeIntervalSince(start)
  return counts
}

/// A minimal lock (Synchronization's Mutex needs the value to be Sendable across detached threads).
final class Mutex<Value>: @unchecked Sendable {
  private var value: Value
  private let lock = NSLock()
  init(_ value: Value) { self.value = value }
  func withLock<R>(_ body: (inout Value) -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
