import ECGLensTestSupport
import Extraction
import Foundation
import Pipeline
import Signals
import Tables

/// The readers ECGLens exposes to files it did not write, each seeded with real files from
/// `Samples/` (bundled, so the campaign runs without ../shared/data).
public enum FaultTargets {
  static func file(_ path: String) -> Data { FileManager.default.contents(atPath: TestPaths.samples + "/" + path) ?? Data() }

  /// Every target.
  public static var all: [FaultTarget] {
    [wfdbHeader, wfdbRecord, annotations, vendorFormats, csv, machineMeasurements, studyConfig]
  }

  /// WFDB headers: parsed, then the record read (the signal file is the unchanged original).
  public static let wfdbHeader = FaultTarget(
    name: "wfdb-header",
    seeds: [("1.hea", file("ludb/1.hea"), true), ("100.hea", file("mitdb/100.hea"), true), ("00001_hr.hea", file("ptb-xl/00001_hr.hea"), true)]
  ) { folder, name in
    let base = String(name.dropLast(4))
    let dat = ["1": "ludb/1.dat", "100": "mitdb/100.dat", "00001_hr": "ptb-xl/00001_hr.dat"][base]!
    try FaultTargets.file(dat).write(to: URL(fileURLWithPath: folder + "/" + base + ".dat"))
    _ = try readRecord(at: folder + "/" + base)
  }

  /// Whole records through `extract`'s path (read, screen, detect, delineate, measure): the
  /// signal file mutated, the header unchanged.
  public static let wfdbRecord = FaultTarget(
    name: "wfdb-record",
    seeds: [("1.dat", file("ludb/1.dat"), false), ("00001_hr.dat", file("ptb-xl/00001_hr.dat"), false)]
  ) { folder, name in
    let base = String(name.dropLast(4))
    let header = base == "1" ? "ludb/1.hea" : "ptb-xl/00001_hr.hea"
    try FaultTargets.file(header).write(to: URL(fileURLWithPath: folder + "/" + base + ".hea"))
    let outcome = extractRecord(folder + "/" + base)
    if let error = outcome.error { throw FaultError(message: "\(folder)/\(base): \(error)") }
  }

  /// MIT annotation files.
  public static let annotations = FaultTarget(
    name: "annotations",
    seeds: [("100.atr", file("mitdb/100.atr"), false), ("208.atr", file("mitdb/208.atr"), false), ("1.ii", file("ludb/1.ii"), false)]
  ) { folder, name in
    _ = try readAnnotationFile(at: folder + "/" + name)
  }

  /// The other formats, recognised by content and read (`readRecording(at:)`): Philips
  /// SierraECG XML (base64 XLI), DICOM waveform, SCP-ECG (Huffman) and EDF, each a bundled real
  /// file (`Samples/vendor-formats`, the EDF fixture written from PTB-XL 00001).
  public static let vendorFormats = FaultTarget(
    name: "vendor-formats",
    seeds: [
      ("129DYPRG.XML", file("vendor-formats/philips-sierra/129DYPRG.XML"), true),
      ("waveform.dcm", file("vendor-formats/dicom/pydicom-waveform_ecg.dcm"), false),
      ("example.scp", file("vendor-formats/scp-ecg/ecgtoolkit-Example.scp"), false),
      (
        "00001_hr.edf", FileManager.default.contents(atPath: TestPaths.fixtures + "/formats/ptbxl-00001_hr.edf") ?? Data(), false
      ),
    ]
  ) { folder, name in
    _ = try readRecording(at: folder + "/" + name)
  }

  /// CSV tables.
  public static let csv = FaultTarget(
    name: "csv",
    seeds: [
      ("table.csv", Data(String(decoding: file("chapman/Diagnostics-first2000.csv"), as: UTF8.self).prefix(20_000).utf8), true),
      ("ptbxl.csv", file("ptb-xl/ptbxl_database-excerpt.csv"), true),
    ]
  ) { folder, name in
    _ = try readCSV(at: folder + "/" + name)
  }

  /// Machine-measurement ingest (GE MUSE as Chapman-Shaoxing exports it).
  public static let machineMeasurements = FaultTarget(
    name: "ingest-muse",
    seeds: [("muse.csv", Data(String(decoding: file("chapman/Diagnostics-first2000.csv"), as: UTF8.self).prefix(20_000).utf8), true)]
  ) { folder, name in
    _ = try ingestMachineMeasurements(.muse, file: folder + "/" + name, output: folder + "/out.csv")
  }

  /// Study configs, checked before any work (`loadStudyConfig`).
  public static let studyConfig = FaultTarget(
    name: "study-config",
    seeds: [("study.json", file("chapman/study.json"), true), ("ptbxl.json", file("ptb-xl/study-ptbxl500.json"), true)]
  ) { folder, name in
    _ = try loadStudyConfig(folder + "/" + name, outputOverride: folder + "/out")
  }
}

/// A reader's rejection passed on with the path it concerns.
struct FaultError: Error, CustomStringConvertible { let message: String; var description: String { message } }
