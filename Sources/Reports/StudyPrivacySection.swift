import Foundation
import Modelling
import Privacy

/// The privacy section of a study report: the re-identification audit of the study's own feature
/// table, or why there is none.
public struct StudyPrivacy: Sendable {
  /// The audit, when the table has patients with two or more ECGs and the audit ran.
  public let audit: ReidentificationAudit?
  /// Why there is no audit, or what it left out.
  public let note: String?
}

/// Audits the study's feature table (`auditReidentification`) on the study's ECG features, with its
/// age and sex columns as the attributes and its first trained target as the utility target (200
/// bootstrap resamples; otherwise the audit's defaults). Nil-free: a table without repeat ECGs, or
/// an audit that fails, gives a note instead of an audit.
public func auditStudyTable(_ summary: StudySummary, folder: String = "") -> StudyPrivacy {
  let config = summary.configuration
  // Named relative to the study folder, as the rest of the report names files.
  let table = folder.isEmpty ? config.table : relativePath(config.table, from: folder)
  var columns = AuditColumns(patient: config.patientColumn)
  columns.id = config.idColumn
  columns.features = config.options.ecgFeatures.isEmpty ? nil : config.options.ecgFeatures
  if let sex = config.sexColumn { columns.sex = sex }
  if let age = config.options.demographicFeatures.first(where: { $0 != config.sexColumn }) { columns.age = age }
  columns.target = summary.entries.first { $0.status == "trained" }?.target
  do {
    let data = try readAuditData(file: config.table, labels: config.labels, columns: columns)
    var counts: [String: Int] = [:]
    for id in data.table.patientIDs { counts[id, default: 0] += 1 }
    let repeats = counts.values.filter { $0 >= 2 }.count
    guard repeats > 0 else {
      return StudyPrivacy(
        audit: nil,
        note: "No patient has two or more ECGs in \(table) (\(counts.count) patients, one ECG each): the"
          + " linkage attack needs repeat ECGs, so this table was not audited. `ecglens audit-reid` audits any table.")
    }
    var options = AuditOptions()
    options.linkage.bootstrap = BootstrapSettings(resamples: 200)
    return StudyPrivacy(audit: try auditReidentification(data, options: options), note: nil)
  } catch {
    return StudyPrivacy(
      audit: nil, note: "The re-identification audit of \(table) failed: \("\(error)".replacingOccurrences(of: config.table, with: table))")
  }
}

/// The privacy section's HTML ("" when there is nothing to show).
public func studyPrivacySection(_ privacy: StudyPrivacy?) -> String {
  guard let privacy else { return "" }
  if let audit = privacy.audit {
    return reidentificationSection(audit, heading: "Privacy: re-identification risk of this study's features")
      + "<p class=muted>The study's feature table was audited as <code>ecglens audit-reid</code> would audit it, on the"
      + " study's ECG features; the attributes are the study's age and sex columns and the utility target its first"
      + " trained target.</p>"
  }
  return "<h2>Privacy</h2><p class=muted>\(escapeHTML(privacy.note ?? ""))</p>"
}
