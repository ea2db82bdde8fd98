import Boosting
import Cohorts
import Statistics

/// Rows and positives of one partition for one target, and the patients behind them.
public struct ClassCounts: Sendable, Codable, Equatable {
  public var rows = 0
  public var positives = 0
  public var negatives: Int { rows - positives }
  /// Patients with at least one positive (negative) ECG; nil in studies written before patients
  /// were counted.
  public var patientsWithPositives: Int? = nil
  public var patientsWithNegatives: Int? = nil
  /// The most positive ECGs any one patient contributes.
  public var largestPatientPositives: Int? = nil

  /// Counts of `rows` (indices into `labels` and `patients`).
  public init(rows r: [Int], labels: [Double], patients: [String]) {
    rows = r.count
    var positiveByPatient: [String: Int] = [:], negativePatients = Set<String>()
    for i in r {
      if labels[i] == 1 { positives += 1; positiveByPatient[patients[i], default: 0] += 1 } else { negativePatients.insert(patients[i]) }
    }
    patientsWithPositives = positiveByPatient.count
    patientsWithNegatives = negativePatients.count
    largestPatientPositives = positiveByPatient.values.max() ?? 0
  }

  /// A note when one patient contributes more than half of the positives: the partition's
  /// result then says more about that patient than about the target.
  public func concentrationNote(_ partition: String) -> String? {
    guard let largest = largestPatientPositives, positives >= 2, largest * 2 > positives else { return nil }
    return "one patient contributes \(largest) of the \(positives) positive ECGs in \(partition)"
  }
}

/// One step of recursive feature elimination.
public struct EliminationStep: Sendable, Codable, Equatable {
  /// The features this step trained on.
  public let features: [String]
  public let validationAUROC: Double
  public let bestIteration: Int
  /// The feature removed after this step (lowest gain), nil for the last step.
  public let removed: String?
}

/// A trained model for one target and variant, with everything a study records.
public struct TrainedModel: Sendable {
  public let target: String
  public let variant: FeatureVariant
  public let restriction: SexRestriction?
  public let counts: [Partition: ClassCounts]
  /// Features available to the variant before selection.
  public let candidateFeatures: [String]
  /// Features of the final model.
  public let features: [String]
  /// Empty without RFE.
  public let elimination: [EliminationStep]
  /// The best boosting round; for the linear probe, the index of its C in `linearProbeGrid`.
  public let bestIteration: Int
  public let validationAUROC: Double
  public let testAUROC: Double?
  /// XGBoost JSON model, or a `LinearProbe`'s JSON for the linear learner.
  public let model: [UInt8]
  /// Rows (indices into the study data) of validation then test, with probabilities.
  public let predictionRows: [Int]
  public let probabilities: [Float]
  /// Per final feature: XGBoost gain importance (the linear probe: |βⱼ|), and mean |SHAP| (log-odds)
  /// over the test rows.
  public let gain: [Double]
  public let meanAbsoluteSHAP: [Double]
}

/// The outcome of one (target, variant) job.
public enum TargetOutcome: Sendable {
  case trained(TrainedModel)
  case skipped(target: String, variant: FeatureVariant, reason: String, counts: [Partition: ClassCounts])
}

/// Features a variant starts from, for a target.
func candidateFeatures(
  variant: FeatureVariant, restriction: SexRestriction?, options: TrainingOptions, sexColumn: String?
) -> [String] {
  var demographics = options.demographicFeatures
  if restriction != nil, let sexColumn { demographics.removeAll { $0 == sexColumn } }
  if let named = options.variantFeatures?[variant.rawValue] {
    return named.filter { restriction == nil || $0 != sexColumn }
  }
  switch variant {
  case .ecg: return options.ecgFeatures
  case .demographics: return demographics
  default: return options.ecgFeatures + demographics
  }
}

/// Trains one target with one feature variant.
///
/// Rows without a label for the target are left out, and for a sex-specific target so are the
/// other sex's rows and the sex feature. Training uses the train partition with early stopping
/// on validation; the test partition is predicted and scored but never used to choose anything.
/// Features without a single value among the training rows are dropped first. A variant named
/// `NAME+linear` (`FeatureVariant.learner`) has NAME's features and is fitted by the linear probe
/// (`trainLinearProbe`) instead of trees.
///
/// With `options.rfe`: recursive feature elimination in the manner of Guyon et al. (Machine
/// Learning 2002) as the reference studies apply it: train on the current subset, record its
/// validation AUROC, drop the feature with the lowest XGBoost gain (ties: the first in column
/// order), repeat while the subset keeps at least `minimumECGFeatures` ECG features; keep the
/// subset with the best validation AUROC (or, with `parsimonyTolerance`, the smallest within
/// that distance of the best). One elimination path serves every subset size, where running
/// scikit-learn's RFE once per size retrains the same path again and again.
public func trainTarget(
  _ target: String, variant: FeatureVariant, data: StudyData, options: TrainingOptions,
  sexColumn: String?, threads: Int = 1
) throws(ModellingError) -> TargetOutcome {
  guard let labels = data.labels[target] else { throw .unknownColumn(name: target, role: "target") }
  let restriction = options.sexSpecific[target]
  var rows: [Partition: [Int]] = [.train: [], .validation: [], .test: []]
  for i in labels.indices where !labels[i].isNaN {
    if let restriction {
      guard let sex = data.sexMale?[i], !sex.isNaN else { continue }
      if (restriction == .male) != (sex == 1) { continue }
    }
    rows[data.partitions[i], default: []].append(i)
  }
  var counts: [Partition: ClassCounts] = [:]
  for (p, r) in rows { counts[p] = ClassCounts(rows: r, labels: labels, patients: data.patients) }
  // A study without a test partition (a separate validation table, or no test fold) trains and
  // chooses on train and validation only; its models are scored on other tables.
  let hasTest = data.partitions.contains(.test)
  for p in [Partition.train, .validation] + (hasTest ? [Partition.test] : []) {
    // Counted in patients: 13 positive ECGs of 3 patients are 3 observations, not 13.
    let c = counts[p]!
    let pos = c.patientsWithPositives ?? c.positives, neg = c.patientsWithNegatives ?? c.negatives
    if pos < options.minimumPositives || neg < options.minimumPositives {
      return .skipped(
        target: target, variant: variant,
        reason:
          "\(pos) patients with positives (\(c.positives) ECGs) and \(neg) with negatives (\(c.negatives) ECGs) in \(p.rawValue); at least \(options.minimumPositives) patients of each needed",
        counts: counts)
    }
  }
  let candidates = candidateFeatures(
    variant: variant.featureVariant, restriction: restriction, options: options, sexColumn: sexColumn)
  for f in candidates where data.features[f] == nil { throw .unknownColumn(name: f, role: "feature") }
  let usable = candidates.filter { f in rows[.train]!.contains { !data.features[f]![$0].isNaN } }
  guard !usable.isEmpty else {
    return .skipped(target: target, variant: variant, reason: "no feature has a value in the training rows", counts: counts)
  }
  if variant.learner == .linear {
    let job = PreparedJob(
      target: target, variant: variant, restriction: restriction, counts: counts, rows: rows, labels: labels,
      candidates: candidates, usable: usable, hasTest: hasTest)
    return try trainLinearProbe(job, data: data)
  }

  var parameters = options.parameters
  parameters.threads = threads
  func fail(_ e: BoostingError) -> ModellingError { .boosting(target: target, variant: variant.rawValue, message: e.description) }
  func matrix(_ features: [String], _ p: Partition) throws(BoostingError) -> DMatrix {
    let m = try FeatureMatrix(columns: features.map { data.features[$0]! }, featureNames: features, rowIndices: rows[p]!)
    return try DMatrix(m, labels: rows[p]!.map { Float(labels[$0]) })
  }
  let validationTruth = rows[.validation]!.map { labels[$0] == 1 }

  struct Fit { let features: [String]; let result: TrainingResult; let auroc: Double }
  func fit(_ features: [String]) throws(BoostingError) -> Fit {
    let validation = try matrix(features, .validation)
    let result = try Booster.train(train: try matrix(features, .train), validation: validation, parameters: parameters)
    let p = try result.booster.probabilities(validation)
    return Fit(features: features, result: result, auroc: auroc(scores: p.map(Double.init), labels: validationTruth) ?? .nan)
  }

  do {
    let chosen: Fit
    var steps: [EliminationStep] = []
    let ecg = Set(options.ecgFeatures)
    let floor = min(options.minimumECGFeatures, usable.filter { ecg.contains($0) }.count)
    // RFE keeps at least `floor` ECG features; a variant without ECG features (demographics, a
    // risk-factor group) is fitted on all of its features.
    if options.rfe && variant != .demographics && floor > 0 && usable.count > 1 {
      // A feature no split uses (gain 0) changes nothing when removed: with every column
      // available to every tree (colsample 1) the same splits win, the same rounds are kept and
      // the validation AUROC is identical. Such steps reuse the previous fit instead of
      // retraining; the chosen subset is refitted if its fit still carries removed features.
      let reuseUnused = parameters.colsampleByTree == 1
      var fits: [Fit] = []  // fits[i] is the (possibly reused) fit of steps[i]
      var current = usable
      var last: (fit: Fit, gain: [String: Double])? = nil
      while true {
        let f: Fit
        let gainByName: [String: Double]
        if let last, reuseUnused, current.allSatisfy({ last.gain[$0] != nil }),
          last.fit.features.filter({ !current.contains($0) }).allSatisfy({ last.gain[$0] == 0 })
        {
          f = last.fit
          gainByName = last.gain
        } else {
          f = try fit(current)
          let g = try f.result.booster.importance("gain")
          gainByName = Dictionary(uniqueKeysWithValues: zip(current, g))
        }
        last = (f, gainByName)
        fits.append(f)
        let gain = current.map { gainByName[$0]! }
        var weakest = 0
        for j in gain.indices where gain[j] < gain[weakest] { weakest = j }
        let next = current.enumerated().filter { $0.offset != weakest }.map(\.element)
        let canContinue = next.count >= 1 && next.filter { ecg.contains($0) }.count >= floor
        steps.append(
          EliminationStep(
            features: current, validationAUROC: f.auroc, bestIteration: f.result.bestIteration,
            removed: canContinue ? current[weakest] : nil))
        if !canContinue { break }
        current = next
      }
      var best = 0
      for i in steps.indices.dropFirst() where steps[i].validationAUROC > steps[best].validationAUROC { best = i }
      if let tolerance = options.parsimonyTolerance {
        let bar = steps[best].validationAUROC - tolerance
        for i in steps.indices where steps[i].validationAUROC >= bar && steps[i].features.count < steps[best].features.count {
          best = i
        }
      }
      chosen = fits[best].features == steps[best].features ? fits[best] : try fit(steps[best].features)
    } else {
      chosen = try fit(usable)
    }

    let booster = chosen.result.booster
    let validation = try matrix(chosen.features, .validation)
    let test = hasTest ? try matrix(chosen.features, .test) : validation
    let pValidation = try booster.probabilities(validation)
    let pTest = hasTest ? try booster.probabilities(test) : []
    let testAUROC = auroc(scores: pTest.map(Double.init), labels: rows[.test]!.map { labels[$0] == 1 })
    // Mean |SHAP| over the test rows (the validation rows when there is no test partition).
    let explained = hasTest ? test : validation
    let contributions = try booster.contributions(explained)
    let k = chosen.features.count + 1
    var meanAbs = [Double](repeating: 0, count: chosen.features.count)
    for r in 0..<explained.rows { for j in 0..<(k - 1) { meanAbs[j] += Double(abs(contributions[r * k + j])) } }
    meanAbs = meanAbs.map { $0 / Double(max(1, explained.rows)) }
    return .trained(
      TrainedModel(
        target: target, variant: variant, restriction: restriction, counts: counts,
        candidateFeatures: candidates, features: chosen.features, elimination: steps,
        bestIteration: chosen.result.bestIteration, validationAUROC: chosen.auroc, testAUROC: testAUROC,
        model: try booster.serialized(format: .json),
        predictionRows: rows[.validation]! + rows[.test]!, probabilities: pValidation + pTest,
        gain: try booster.importance("gain"), meanAbsoluteSHAP: meanAbs))
  } catch {
    throw fail(error)
  }
}
