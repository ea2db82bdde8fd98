import Boosting
import Cohorts
import Foundation
import Synchronization

/// How rows were split into train, validation and test.
public struct SplitDescription: Sendable, Codable, Equatable {
  /// "patient-grouped multilabel-stratified folds" or "given fold column".
  public var method: String
  public var folds: Int?
  public var seed: UInt64?
  public var foldColumn: String?
  public var validationFolds: [Int]?
  public var testFolds: [Int]?
  public init(
    method: String, folds: Int? = nil, seed: UInt64? = nil, foldColumn: String? = nil,
    validationFolds: [Int]? = nil, testFolds: [Int]? = nil
  ) {
    self.method = method; self.folds = folds; self.seed = seed; self.foldColumn = foldColumn
    self.validationFolds = validationFolds; self.testFolds = testFolds
  }
}

/// Everything needed to rerun a study or apply its models to other data.
public struct StudyConfiguration: Sendable, Codable {
  public var ecglensVersion: String
  public var table: String
  public var labels: [String]
  public var idColumn: String
  public var patientColumn: String
  public var sexColumn: String?
  public var targets: [String]
  public var split: SplitDescription
  public var options: TrainingOptions
  public init(
    ecglensVersion: String, table: String, labels: [String], idColumn: String, patientColumn: String,
    sexColumn: String?, targets: [String], split: SplitDescription, options: TrainingOptions
  ) {
    self.ecglensVersion = ecglensVersion; self.table = table; self.labels = labels; self.idColumn = idColumn
    self.patientColumn = patientColumn; self.sexColumn = sexColumn; self.targets = targets; self.split = split
    self.options = options
  }
}

/// One (target, variant) line of a study's results.
public struct StudyEntry: Sendable, Codable, Equatable {
  public var target: String
  public var variant: FeatureVariant
  /// "trained", "skipped" or "failed".
  public var status: String
  public var reason: String?
  public var restriction: SexRestriction?
  public var counts: [String: ClassCounts]
  public var candidateFeatures: [String]?
  public var features: [String]?
  public var bestIteration: Int?
  public var validationAUROC: Double?
  /// Point estimate on the test partition (never used for any choice); confidence intervals
  /// come from `ecglens evaluate`.
  public var testAUROC: Double?
  /// Folder of the model, relative to the study folder.
  public var modelFolder: String?
  /// Warnings about the model's data (one patient contributing most positives of a partition).
  public var notes: [String]?
}

/// A study's machine-readable summary (`study.json`).
public struct StudySummary: Sendable, Codable {
  /// The layout of study folders this ECGLens writes and reads. Raise it whenever a change
  /// would make an older folder read wrongly; `readStudy` refuses other versions by name.
  public static let currentFormatVersion = 1
  /// The folder layout version it was written with (absent in folders from before versioning).
  public var formatVersion: Int?
  public var configuration: StudyConfiguration
  public var entries: [StudyEntry]
  public init(configuration: StudyConfiguration, entries: [StudyEntry]) {
    self.formatVersion = Self.currentFormatVersion
    self.configuration = configuration
    self.entries = entries
  }
}

/// Trains every target with every requested variant, jobs in parallel across `cores`.
///
/// Each job owns its matrices and booster. With at least as many jobs as cores each booster
/// uses one thread (targets in parallel); with fewer jobs the cores are shared out as XGBoost
/// threads; `threadsPerJob` overrides that share (a shard of a study uses the whole study's, so
/// its boosters are those of the single run). Workers take the jobs most expensive first
/// (`jobOrder`); results come back in the order of `targets` x `options.variants` whatever the
/// order they ran in. A job that fails is reported in its result; the others go on.
public func runStudy(
  data: StudyData, targets: [String], options: TrainingOptions, sexColumn: String?,
  cores: Int = ProcessInfo.processInfo.activeProcessorCount, threadsPerJob: Int? = nil,
  progress: (@Sendable (TargetOutcome) -> Void)? = nil
) -> [JobResult] {
  let jobs = targets.flatMap { t in options.variants.map { (target: t, variant: $0) } }
  guard !jobs.isEmpty else { return [] }
  let order = jobOrder(jobs, data: data, options: options, sexColumn: sexColumn)
  let workers = max(1, min(cores, jobs.count))
  let threads = threadsPerJob ?? max(1, cores / jobs.count)
  let results = Mutex<[JobResult?]>(Array(repeating: nil, count: jobs.count))
  let next = Atomic<Int>(0)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let taken = next.add(1, ordering: .relaxed).oldValue
      guard taken < jobs.count else { return }
      let j = order[taken]
      let (target, variant) = jobs[j]
      let outcome = Result { () throws(ModellingError) in
        try trainTarget(target, variant: variant, data: data, options: options, sexColumn: sexColumn, threads: threads)
      }
      if case .success(let o) = outcome { progress?(o) }
      results.withLock { $0[j] = JobResult(target: target, variant: variant, outcome: outcome) }
    }
  }
  return results.withLock { $0.map { $0! } }
}

/// The result of one (target, variant) job.
public struct JobResult: Sendable {
  public let target: String
  public let variant: FeatureVariant
  public let outcome: Result<TargetOutcome, ModellingError>
}

/// A path component for a target or variant name: letters, digits, `-`, `_`, `.`, `+`; others
/// become `_`.
public func folderName(_ name: String) -> String {
  String(name.map { $0.isLetter || $0.isNumber || "-_.+".contains($0) ? $0 : "_" })
}
