import Foundation

/// Parses PTB-XL's `scp_codes` cell, a Python-dict-like text such as
/// `{'NORM': 100.0, 'SR': 0.0}`, into statement -> likelihood (0-100; 0 where the annotator
/// stated none).
///
/// - Returns: nil when the text is not of that shape.
public func parseSCPCodes(_ text: String) -> [String: Double]? {
  let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
  guard t.hasPrefix("{"), t.hasSuffix("}") else { return nil }
  let body = t.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
  var out: [String: Double] = [:]
  guard !body.isEmpty else { return out }
  for item in body.split(separator: ",") {
    let parts = item.split(separator: ":", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    let key = parts[0].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    guard !key.isEmpty, let v = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
    out[key] = v
  }
  return out
}

/// One SCP-ECG statement of PTB-XL's `scp_statements.csv`.
public struct SCPStatement: Sendable, Equatable {
  public let code: String
  public let description: String
  public let diagnostic: Bool
  /// Diagnostic superclass (NORM, MI, STTC, CD, HYP) and subclass, empty for non-diagnostic
  /// statements.
  public let superclass: String
  public let subclass: String
  public init(code: String, description: String, diagnostic: Bool, superclass: String, subclass: String) {
    self.code = code; self.description = description; self.diagnostic = diagnostic
    self.superclass = superclass; self.subclass = subclass
  }
}

/// PTB-XL targets: one column per statement (`scp_CODE`), per diagnostic subclass
/// (`scp_sub_CLASS`) and per superclass (`scp_super_CLASS`), positive when the ECG carries a
/// statement (with likelihood ≥ `minimumLikelihood`) that is, or maps to, it (Wagner et al.
/// 2020; Strodthoff et al. 2021 use every statement whatever its likelihood, the default 0).
/// Columns with fewer than `minimumCount` positives are left out. Statements unknown to the
/// table are counted in `unknown`.
public func scpLabels(
  codes: [[String: Double]], statements: [SCPStatement], minimumLikelihood: Double = 0, minimumCount: Int = 1
) -> (targets: [String], labels: [[Double]], unknown: [String: Int]) {
  let byCode = Dictionary(statements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
  var unknown: [String: Int] = [:]
  let sets: [Set<String>] = codes.map { ecg in
    var s: Set<String> = []
    for (code, likelihood) in ecg where likelihood >= minimumLikelihood {
      guard let st = byCode[code] else { unknown[code, default: 0] += 1; continue }
      s.insert("scp_" + code)
      if st.diagnostic {
        if !st.superclass.isEmpty { s.insert("scp_super_" + st.superclass) }
        if !st.subclass.isEmpty { s.insert("scp_sub_" + st.subclass) }
      }
    }
    return s
  }
  var counts: [String: Int] = [:]
  for s in sets { for t in s { counts[t, default: 0] += 1 } }
  func rank(_ name: String) -> Int { name.hasPrefix("scp_super_") ? 0 : name.hasPrefix("scp_sub_") ? 1 : 2 }
  let kept = counts.filter { $0.value >= minimumCount }.keys.sorted {
    rank($0) != rank($1) ? rank($0) < rank($1) : counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1
  }
  return (kept, kept.map { t in sets.map { $0.contains(t) ? 1 : 0 } }, unknown)
}
