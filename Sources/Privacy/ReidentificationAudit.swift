import Foundation

/// Settings of `auditReidentification`. The defaults are the documented audit.
public struct AuditOptions: Sendable {
  /// The linkage attack: gallery choice, distractors, exact EER, 500 patient-bootstrap resamples.
  public var linkage = LinkageOptions()
  /// Also attack with the cross-fitted learned (Mahalanobis) metric, on the table and on every
  /// mitigated table.
  public var learnedMetric = true
  /// Its shrinkage (default: chosen by inner validation on the fitting half).
  public var shrinkage = CovarianceShrinkage.innerValidation(grid: CovarianceShrinkage.defaultGrid)
  /// Gallery sizes of the growth curve (`Int.max`: all) and draws per size.
  public var gallerySizes = [100, 1_000, Int.max]
  public var galleryDraws = 5
  /// Permutation repeats of the group attribution; feature groups (nil: `defaultFeatureGroups`).
  public var attributionRepeats = 5
  public var featureGroups: [String: [Int]]? = nil
  /// Seed of the permuted-identity negative control.
  public var controlSeed: UInt64 = 99
  /// Cross-validation of attribute inference and of the target's utility.
  public var crossValidation = CrossValidationSettings()
  /// Quasi-identifier features for k-anonymity (nil: `defaultQuasiIdentifiers`); age and sex are
  /// added when the table has them.
  public var quasiIdentifiers: [String]? = nil
  /// Mitigations scored (the first is normally `.original`).
  public var mitigations = Mitigation.defaults
  /// XGBoost threads.
  public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)

  public init() {}
}

/// The complete re-identification audit of one feature table.
public struct ReidentificationAudit: Sendable {
  /// The audited table (its file), its ECGs, patients and patients with two or more ECGs.
  public let source: String
  public let ecgCount: Int
  public let patientCount: Int
  public let repeatPatientCount: Int
  /// Features offered, and columns left out as copies of others.
  public let featureNames: [String]
  public let duplicateColumns: [(dropped: String, keeps: String)]
  /// Time unit of the gaps (nil without times) and the target's name (nil without one).
  public let timeUnit: String?
  public let targetName: String?
  /// Euclidean attack with bootstrap intervals; the learned metric (nil when off).
  public let linkage: LinkageResult
  public let learnedMetric: CrossFittedResult?
  /// The same Euclidean attack with the patient ids permuted.
  public let permuted: IdentificationSummary
  public let galleryGrowth: [GalleryGrowthPoint]
  public let attribution: AttributionResult
  public let attributes: AttributeInference
  public let kAnonymity: KAnonymityAudit
  public let mitigations: [MitigationResult]
  /// What was not computed and why (an attribute without its column, a target with one class).
  public let notes: [String]
}

/// Audits how identifying a feature table is (issue 21): the linkage attack with a Euclidean and a
/// learned metric, the permuted-identity negative control, the gallery growth curve, attribution
/// to wave groups, attribute inference, k-anonymity, and the mitigation table with the target's
/// utility. `progress` receives a line as each stage starts (for a command's standard error).
public func auditReidentification(
  _ data: AuditData, options: AuditOptions = .init(), progress: (String) -> Void = { _ in }
) throws(PrivacyError) -> ReidentificationAudit {
  let table = data.table
  progress("linkage attack (Euclidean, \(options.linkage.bootstrap?.resamples ?? 0) bootstrap resamples)")
  let linkage = try linkageAttack(table, options: options.linkage)
  var quiet = options.linkage
  quiet.bootstrap = nil
  var learned: CrossFittedResult? = nil
  if options.learnedMetric {
    progress("learned metric (cross-fitted Mahalanobis)")
    learned = try crossFittedMahalanobisAttack(table, options: options.linkage, shrinkage: options.shrinkage)
  }
  progress("negative control (permuted patient ids)")
  let control = try permutedIdentityControl(table, options: quiet, seed: options.controlSeed, real: linkage.summary)
  progress("gallery growth")
  let growth = try galleryGrowth(table, sizes: options.gallerySizes, draws: options.galleryDraws, options: quiet)
  progress("attribution to feature groups")
  let groups = options.featureGroups ?? defaultFeatureGroups(featureNames: table.featureNames)
  let attribution = try featureGroupAttribution(table, groups: groups, options: quiet, repeats: options.attributionRepeats)
  progress("attribute inference (sex, age)")
  let attributes = try inferAttributes(data, settings: options.crossValidation, threads: options.threads)
  let quasi = options.quasiIdentifiers ?? defaultQuasiIdentifiers(featureNames: table.featureNames)
  let k = try kAnonymityAudit(data, values: table.values, quasiIdentifiers: quasi, steps: .release)
  var notes = attributes.notes
  var usable = data
  if let target = data.target, let problem = targetProblem(target, patients: table.patientIDs, folds: options.crossValidation.folds) {
    notes.append("target \(data.targetName ?? ""): \(problem); no utility column")
    usable = AuditData(
      table: table, ageYears: data.ageYears, sexMale: data.sexMale, timeUnit: data.timeUnit,
      duplicateColumns: data.duplicateColumns)
  } else if data.target == nil {
    notes.append("no target: the mitigation table has no utility column")
  }
  var mitigations: [MitigationResult] = []
  for m in options.mitigations {
    if case .suppression(let kept) = m {
      let count = table.featureNames.filter { kept.contains($0) }.count
      guard count > 0, count < table.columnCount else {
        notes.append(
          "\(m.label): "
            + (count == 0 ? "none of them is in the table" : "every feature of the table is one of them, nothing to suppress")
            + "; not scored")
        continue
      }
    }
    progress("mitigation: \(m.label)")
    do {
      mitigations.append(try scoreMitigation(m, data: usable, options: options, quasiIdentifiers: quasi))
    } catch .insufficientData(_, let field, let problem) {
      // E.g. coarsening features measured in small units to one value: nothing is left to attack.
      notes.append("\(m.label): \(field): \(problem); not scored")
    }
  }
  return ReidentificationAudit(
    source: table.source, ecgCount: table.rowCount, patientCount: Set(table.patientIDs).count,
    repeatPatientCount: linkage.design.probePatientCount, featureNames: table.featureNames,
    duplicateColumns: data.duplicateColumns, timeUnit: data.timeUnit, targetName: usable.target == nil ? nil : data.targetName,
    linkage: linkage, learnedMetric: learned, permuted: control.permuted, galleryGrowth: growth,
    attribution: attribution, attributes: attributes, kAnonymity: k, mitigations: mitigations, notes: notes)
}

/// Why a 0/1 target cannot be cross-validated (one class, too few patients), or nil.
private func targetProblem(_ target: [Double], patients: [String], folds: Int) -> String? {
  let rows = target.indices.filter { !target[$0].isNaN }
  let positives = rows.filter { target[$0] == 1 }.count
  let patientCount = Set(rows.map { patients[$0] }).count
  if positives == 0 || positives == rows.count { return "\(positives) positives among \(rows.count) labelled ECGs" }
  if patientCount < folds { return "\(patientCount) labelled patients for \(folds) folds" }
  return nil
}
