import Foundation

/// A code in the ICD-10-CM hierarchy, with where it sits.
public struct ICD10Entry: Sendable, Equatable {
  public let code: String
  /// Its own title, or the nearest titled ancestor's (the shipped table keeps titles for codes
  /// of up to 5 characters).
  public let title: String
  /// Block (e.g. "K70-K77") and chapter (e.g. "11") with their titles.
  public let block: String
  public let blockTitle: String
  public let chapter: String
  public let chapterTitle: String
}

/// The ICD-10-CM code table (April 2026 tabular list) and the CMS ICD-9-CM -> ICD-10-CM General
/// Equivalence Mappings, both public domain, shipped in `Sources/Cohorts/Resources` (built by
/// `Scripts/make_icd_tables.py`, which records the sources and versions).
public struct ICD10Catalogue: Sendable {
  private var titles: [String: String] = [:]
  private var parent: [String: String] = [:]
  private var kinds: [String: String] = [:]
  private var gem: [String: [String]] = [:]

  /// Loads the shipped tables.
  public static func shipped() throws(CohortsError) -> ICD10Catalogue {
    guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
      throw .resourceMissing("Resources folder of the Cohorts module")
    }
    return try ICD10Catalogue(
      codeTable: folder.appendingPathComponent("icd10cm.tsv").path,
      gemTable: folder.appendingPathComponent("icd9to10gem.tsv").path)
  }

  /// Loads tables in the shipped format.
  public init(codeTable: String, gemTable: String) throws(CohortsError) {
    guard let codes = try? String(contentsOfFile: codeTable, encoding: .utf8) else { throw .resourceMissing(codeTable) }
    for line in codes.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("kind\t") {
      let f = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard f.count == 4 else { continue }
      let code = String(f[1])
      kinds[code] = String(f[0])
      if !f[2].isEmpty { parent[code] = String(f[2]) }
      if !f[3].isEmpty { titles[code] = String(f[3]) }
    }
    guard let gems = try? String(contentsOfFile: gemTable, encoding: .utf8) else { throw .resourceMissing(gemTable) }
    for line in gems.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("icd9\t") {
      let f = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard f.count >= 2 else { continue }
      gem[String(f[0]), default: []].append(String(f[1]))
    }
  }

  /// Whether `code` (normalised) is an ICD-10-CM code of the table.
  public func contains(_ code: String) -> Bool { kinds[code] == "code" }

  /// Chapter, block and titles of a normalised code; nil when the code (or, for an unlisted
  /// longer code, every prefix of it) is not in the table.
  public func entry(_ code: String) -> ICD10Entry? {
    // The nearest listed prefix carries the hierarchy.
    var c = code
    while !c.isEmpty && kinds[c] != "code" { c.removeLast() }
    guard c.count >= 3 else { return nil }
    var t = c
    while titles[t] == nil && t.count > 3 { t.removeLast() }
    let category = String(c.prefix(3))
    guard let block = parent[category] else { return nil }
    var chapter = parent[block] ?? ""
    while let up = parent[chapter], kinds[chapter] == "block" { chapter = up }
    return ICD10Entry(
      code: code, title: titles[t] ?? "", block: block, blockTitle: titles[block] ?? "",
      chapter: chapter, chapterTitle: titles[chapter] ?? "")
  }

  /// ICD-10-CM codes an ICD-9-CM code maps to (CMS GEMs; empty when it has no mapping).
  public func icd10(fromICD9 code: String) -> [String] { gem[normalizeICDCode(code)] ?? [] }
}

/// An ICD code as ECGLens compares codes: upper case, without dots, spaces or trailing
/// placeholder `X` characters ("k70.30" -> "K7030", "T50.90X" -> "T5090").
public func normalizeICDCode(_ raw: String) -> String {
  var s = raw.uppercased().filter { $0 != "." && !$0.isWhitespace }
  while s.hasSuffix("X") { s.removeLast() }
  return s
}

/// The code and each of its prefixes of three or more characters, longest first
/// ("K7030" -> K7030, K703, K70): a target then exists at every level of the hierarchy.
public func icdAncestors(_ code: String) -> [String] {
  guard code.count >= 3 else { return [code] }
  return (3...code.count).reversed().map { String(code.prefix($0)) }
}

/// Sex-specific ICD-10-CM categories: conditions of one sex's anatomy, which ECGLens trains on
/// that sex only and without the sex feature (a model would otherwise learn "is female" for
/// endometriosis). Ranges of 3-character categories:
/// male C60-C63 (male genital neoplasms), D29, D40, N40-N53 (male genital organs), Q53-Q55, R86;
/// female C51-C58 (female genital neoplasms), D06, D25-D28, D39, N70-N98 (female pelvic and
/// genital organs), O00-O9A (pregnancy and childbirth), Q50-Q52, R87.
public func sexRestriction(ofICD10 code: String) -> String? {
  let c = String(normalizeICDCode(code).prefix(3))
  guard c.count == 3 else { return nil }
  let male: [(String, String)] = [("C60", "C63"), ("D29", "D29"), ("D40", "D40"), ("N40", "N53"), ("Q53", "Q55"), ("R86", "R86")]
  let female: [(String, String)] = [
    ("C51", "C58"), ("D06", "D06"), ("D25", "D28"), ("D39", "D39"), ("N70", "N98"), ("O00", "O9A"), ("Q50", "Q52"), ("R87", "R87"),
  ]
  if male.contains(where: { c >= $0.0 && c <= $0.1 }) { return "male" }
  if female.contains(where: { c >= $0.0 && c <= $0.1 }) { return "female" }
  return nil
}
