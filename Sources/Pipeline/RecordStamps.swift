import Foundation
import Signals

/// What the study cache knows of the records a waveform source reads: files whose content is
/// hashed (WFDB headers: small, and a changed gain or lead name changes every value), and a
/// stamp of the other files by path, size and modification time (signal files, vendor ECG files:
/// hashing every byte of a large archive would cost more than extracting it).
struct RecordStamps: Equatable {
  /// Files the cache hashes by content.
  var hashed: [String] = []
  /// One line per other file: `path|size in bytes|modification time (s since 1970)`; size -1 and
  /// time 0 for a file that is missing (extraction then names it).
  var stamp = ""
}

/// The files of `records` (as `discoverRecords` lists them) for the step cache.
///
/// A WFDB record (`record.hea` exists) contributes its header (hashed) and the signal files its
/// header names (stamped; a multi-segment record: each segment's header and signal files, the
/// layout segment's header included). Any other record is a file of another format (GE MUSE,
/// Philips, HL7 aECG, SCP-ECG, DICOM, EDF) and is stamped itself. A header that cannot be parsed
/// is hashed alone: extraction reports it.
func recordStamps(_ records: [String]) -> RecordStamps {
  var s = RecordStamps()
  func stampFile(_ path: String) {
    let a = try? FileManager.default.attributesOfItem(atPath: path)
    s.stamp += "\(path)|\((a?[.size] as? Int) ?? -1)|\((a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)\n"
  }
  func addWFDB(_ record: String, depth: Int) {
    let header = record + ".hea"
    s.hashed.append(header)
    let folder = URL(fileURLWithPath: record).deletingLastPathComponent().path
    guard let data = FileManager.default.contents(atPath: header),
      let parsed = try? parseWFDBHeaderFile(String(decoding: data, as: UTF8.self), file: header)
    else { return }
    switch parsed {
    case .singleSegment(let h):
      var seen = Set<String>()
      for name in h.signals.map(\.fileName) where seen.insert(name).inserted && name != "-" && name != "~" {
        stampFile(folder + "/" + name)
      }
    case .multiSegment(let m):
      // Segments are single-segment records beside the master header (a gap has no name).
      guard depth == 0 else { return }
      var seen = Set<String>()
      for name in m.segments.compactMap(\.recordName) where seen.insert(name).inserted {
        addWFDB(folder + "/" + name, depth: 1)
      }
    }
  }
  for record in records {
    s.stamp += "record \(record)\n"
    if FileManager.default.fileExists(atPath: record + ".hea") {
      addWFDB(record, depth: 0)
    } else {
      stampFile(record)
    }
  }
  return s
}
