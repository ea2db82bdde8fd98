import Core
import Foundation

/// The step cache hashes with `Core.FNV1a` (fast, not for security); a string is followed by a
/// zero byte so that "ab" + "c" and "a" + "bc" differ.
extension FNV1a {
  mutating func add(_ s: String) { add(s.utf8); add([UInt8(0)]) }
}

/// The running ecglens build, for the study cache: its version and its executable's path, size
/// and modification time. A step's results depend on the code that made them (a delineation
/// rule, a model default), so a rebuilt ecglens reruns every step instead of keeping results of
/// another build; rebuilding the same code reruns them too, which costs time, not correctness.
func programBuild(version: String) -> String {
  guard let path = Bundle.main.executablePath,
    let a = try? FileManager.default.attributesOfItem(atPath: path)
  else { return version + "|unknown executable" }
  return "\(version)|\(path)|\((a[.size] as? Int) ?? -1)|\((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
}

/// A study folder's step cache (`.ecglens-cache.json`): step name -> hash of its inputs, its
/// settings and the build that ran it. A step whose hash is unchanged and whose outputs exist
/// is skipped.
struct StepCache {
  let path: String
  let build: String
  let force: Bool
  private var keys: [String: String]

  init(folder: String, build: String, force: Bool) {
    path = folder + "/.ecglens-cache.json"
    self.build = build
    self.force = force
    keys = (FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }) ?? [:]
  }

  /// Runs `body` unless the step is unchanged, saying which on `log` ("[name] running" or
  /// "[name] unchanged, kept").
  mutating func step(
    _ name: String, inputs: [String], settings: String, outputs: [String], log: (String) -> Void, _ body: () throws -> Void
  ) throws {
    var h = FNV1a()
    h.add(build)
    h.add(settings)
    for file in inputs {
      guard let d = FileManager.default.contents(atPath: file) else {
        throw PipelineError.invalid(file: file, reason: "cannot be read (step \(name))")
      }
      h.add(d)
    }
    let key = String(h.value, radix: 16)
    if !force, keys[name] == key, outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
      log("[\(name)] unchanged, kept")
      return
    }
    log("[\(name)] running")
    try body()
    keys[name] = key
    try save()
  }

  /// Forgets the steps `name` matches (a shard's train step, when its parts are merged).
  mutating func forget(where name: (String) -> Bool) throws {
    keys = keys.filter { !name($0.key) }
    try save()
  }

  /// Keys sorted, so two runs that did the same steps write the same bytes.
  private func save() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try writeFileAtomically(try encoder.encode(keys), to: path)
  }
}
