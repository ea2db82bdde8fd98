import Core

/// Train, validation or test.
public enum Partition: String, Sendable, CaseIterable {
  case train, validation, test

  /// The reference studies' scheme: of `folds` folds, the last is test, the one before it
  /// validation, the rest train (20 folds: 0-17 train, 18 validation, 19 test).
  public static func of(fold: Int, folds: Int) -> Partition {
    fold == folds - 1 ? .test : fold == folds - 2 ? .validation : .train
  }
}

/// Assigns every row to one of `folds` folds so that all rows of a patient share a fold and
/// each fold holds about 1/`folds` of the rows and of every stratum.
///
/// Method: iterative stratification (Sechidis, Tsoumakas and Vlahavas, ECML PKDD 2011) applied
/// to patients instead of rows. Each patient carries the count of its rows in every stratum
/// (a label's positives, an age quartile, a sex). Repeatedly take the rarest stratum that still
/// has unassigned patients, and give each of its patients (in seeded random order) to the fold
/// that most lacks that stratum, breaking ties by the fold that most lacks rows, then by the
/// lowest fold index. Patients in no stratum go to the folds that most lack rows.
///
/// - Parameters:
///   - patients: patient id per row (non-empty).
///   - strata: one Bool per row for each stratum.
///   - folds: number of folds (20 for 5 % folds).
///   - seed: makes the assignment reproducible; different seeds give different splits.
/// - Returns: the fold (0..<folds) of every row.
public func patientGroupedFolds(
  patients: [String], strata: [[Bool]], folds: Int = 20, seed: UInt64
) throws(CohortsError) -> [Int] {
  let n = patients.count
  for (i, s) in strata.enumerated() where s.count != n {
    throw .lengthMismatch(what: "stratum \(i)", expected: n, found: s.count)
  }
  if let row = patients.firstIndex(where: \.isEmpty) { throw .missingPatient(row: row + 1) }
  // Group rows by patient, in order of first appearance.
  var indexOf: [String: Int] = [:]
  var members: [[Int]] = []
  for (row, p) in patients.enumerated() {
    if let g = indexOf[p] {
      members[g].append(row)
    } else {
      indexOf[p] = members.count
      members.append([row])
    }
  }
  let groupCount = members.count
  guard folds >= 3, folds <= 1000, folds <= groupCount else {
    throw .invalidFoldCount(folds: folds, patients: groupCount)
  }
  let a = strata.count
  // counts[g][s]: rows of patient g in stratum s.
  let counts: [[Int]] = members.map { rows in (0..<a).map { s in rows.reduce(0) { $0 + (strata[s][$1] ? 1 : 0) } } }
  var demand = [[Double]](repeating: [], count: folds)
  var sizeDemand = [Double](repeating: Double(n) / Double(folds), count: folds)
  let totals = (0..<a).map { s in counts.reduce(0) { $0 + $1[s] } }
  for f in 0..<folds { demand[f] = totals.map { Double($0) / Double(folds) } }

  var rng = SplitMix64(seed: seed)
  var order = Array(0..<groupCount)
  for i in stride(from: groupCount - 1, to: 0, by: -1) {
    order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
  }
  var remaining = totals  // rows per stratum among unassigned patients
  var foldOf = [Int](repeating: -1, count: groupCount)

  func assign(_ g: Int, to f: Int) {
    foldOf[g] = f
    sizeDemand[f] -= Double(members[g].count)
    for s in 0..<a where counts[g][s] > 0 {
      demand[f][s] -= Double(counts[g][s])
      remaining[s] -= counts[g][s]
    }
  }
  func bestFold(stratum s: Int?) -> Int {
    var best = 0
    for f in 1..<folds {
      let better: Bool
      if let s, demand[f][s] != demand[best][s] {
        better = demand[f][s] > demand[best][s]
      } else {
        better = sizeDemand[f] > sizeDemand[best]
      }
      if better { best = f }
    }
    return best
  }

  while true {
    // The rarest stratum that still has unassigned rows.
    var rarest: Int? = nil
    for s in 0..<a where remaining[s] > 0 {
      if rarest == nil || remaining[s] < remaining[rarest!] { rarest = s }
    }
    guard let s = rarest else { break }
    for g in order where foldOf[g] < 0 && counts[g][s] > 0 {
      assign(g, to: bestFold(stratum: s))
    }
  }
  for g in order where foldOf[g] < 0 { assign(g, to: bestFold(stratum: nil)) }

  var fold = [Int](repeating: 0, count: n)
  for (g, rows) in members.enumerated() { for r in rows { fold[r] = foldOf[g] } }
  return fold
}

/// Partitions from a fold column given with the data (PTB-XL's `strat_fold`, 1-10, with 9
/// validation and 10 test as the release recommends), checked for patient leaks.
public func partitions(
  fromFolds folds: [Int], patients: [String], validation: Set<Int>, test: Set<Int>
) throws(CohortsError) -> [Partition] {
  guard folds.count == patients.count else {
    throw .lengthMismatch(what: "fold column", expected: patients.count, found: folds.count)
  }
  let result = folds.map { test.contains($0) ? Partition.test : validation.contains($0) ? .validation : .train }
  try verifyNoPatientLeak(patients: patients, partitions: result)
  return result
}

/// Throws if any patient has rows in more than one partition.
public func verifyNoPatientLeak(patients: [String], partitions: [Partition]) throws(CohortsError) {
  guard patients.count == partitions.count else {
    throw .lengthMismatch(what: "partitions", expected: patients.count, found: partitions.count)
  }
  var seen: [String: Partition] = [:]
  for (p, part) in zip(patients, partitions) {
    if let earlier = seen[p], earlier != part {
      throw .patientInSeveralPartitions(patient: p, partitions: [earlier.rawValue, part.rawValue])
    }
    seen[p] = part
  }
}

/// Strata for age quartiles (cut points from the data's own quartiles; a fifth stratum for
/// unknown age) and sex (male, female), as the reference studies stratify.
public func demographicStrata(ageYears: [Double], sexMale: [Double]) -> [[Bool]] {
  let known = ageYears.filter { !$0.isNaN }.sorted()
  let cuts = [0.25, 0.5, 0.75].map { quantile(sorted: known, $0, rule: .observedAbove) }
  var strata: [[Bool]] = (0..<4).map { k in
    ageYears.map { age in
      guard !age.isNaN else { return false }
      let bin = cuts.filter { age >= $0 }.count
      return bin == k
    }
  }
  strata.append(ageYears.map(\.isNaN))
  strata.append(sexMale.map { $0 == 1 })
  strata.append(sexMale.map { $0 == 0 })
  return strata
}
