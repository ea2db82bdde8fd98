/// Why a column is never a default feature: it identifies something (a patient, an ECG, a record, a
/// file, a reader) or describes how the ECG was acquired (cart, device, site, time, filters, bandwidth,
/// sampling), not the patient's heart. A model given such a column learns the care setting (a cart's
/// ward, a site's case mix) instead: on MIMIC-IV-ECG, `cart_id` tracks where the ECG was taken.
/// Columns named explicitly as features are still used.
///
/// Rules, on the lower-cased name split at `_`, `-`, `.` and spaces:
/// - identifiers: `id`, a word `id` or `ids` (`subject_id`, `id_ecg`), `uuid`, `mrn`, `record`, `filename`,
///   `file`, `path`;
/// - acquisition: `cart`, `device`, `machine` followed by `id`/`type`/`model`, `site`, `nurse`,
///   `operator`, `technician`, `validated`, `time`, `date`, `datetime`, `timestamp`, `bandwidth`, `filter`,
///   `filtering`, `notch`, `sampling`, `fs`, `hz`, `fold`, `batch`, `version`, `software`.
///
/// - Returns: "identifier" or "acquisition metadata", or nil for a column that may be a feature.
public func metadataRole(ofColumn name: String) -> String? {
  let words = name.lowercased().split(whereSeparator: { "_-. ".contains($0) }).map(String.init)
  let identifiers: Set<String> = ["id", "ids", "uuid", "mrn", "record", "filename", "file", "path"]
  let acquisition: Set<String> = [
    "cart", "device", "site", "nurse", "operator", "technician", "validated", "time", "date", "datetime", "timestamp",
    "bandwidth", "filter", "filtering", "notch", "sampling", "fs", "hz", "fold", "batch", "version", "software",
  ]
  if words.contains(where: identifiers.contains) { return "identifier" }
  if words.contains(where: acquisition.contains) { return "acquisition metadata" }
  if let m = words.firstIndex(of: "machine"), m + 1 < words.count, ["type", "model", "serial"].contains(words[m + 1]) {
    return "acquisition metadata"
  }
  return nil
}
