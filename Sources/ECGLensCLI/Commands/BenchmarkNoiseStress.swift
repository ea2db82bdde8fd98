import ArgumentParser
import Extraction
import Foundation

/// `ecglens benchmark noise-stress --db MITDB --noise NSTDB-NOISE`: R peaks under added noise.
struct BenchmarkNoiseStress: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "noise-stress",
    abstract: "R-peak Se/+P on clean records with NSTDB noise added at given SNRs (WFDB nst's standard protocol).",
    discussion: """
      Noise is added as WFDB's nst does: none for the first 5 minutes, then in alternate 2-minute \
      segments; its gain sets the SNR by the NSTDB definition (QRS peak-to-peak amplitude of the \
      clean record's normal beats against the noise RMS, per signal). Detections on --lead are \
      matched to the clean record's beat annotations (150 ms, AAMI EC57 style) from 5:00 to the \
      end, and in the noisy segments alone; the table gives gross Se and +P per noise type and SNR. \
      Every noisy signal is rounded to whole ADC units; --write-records saves those exact signals \
      (WFDB format 16, reference annotations copied) as RECORD + e/m/b + SNR (100e06, 100e_6).
      """)

  @Option(help: "Clean database folder (e.g. ../shared/data/mitdb).")
  var db: String

  @Option(help: "Folder of the noise records (e.g. ../shared/data/nstdb-noise).")
  var noise: String

  @Option(help: "Noise records, comma-separated.")
  var types = "em,ma,bw"

  @Option(help: "SNRs in dB, comma-separated.")
  var snr = "24,18,12,6,0,-6"

  @Option(help: "Records left out, comma-separated (118 and 119 are the NSTDB's own: never tune on them).")
  var exclude = "118,119"

  @Option(help: "Only these records, comma-separated (default: all but --exclude).")
  var records: String?

  @Option(help: "0-based signal index detected and scored.")
  var lead = 0

  @Option(help: "Write every noisy record to this folder (WFDB format 16, all signals, annotations copied).")
  var writeRecords: String?

  @Option(
    help: "Score these detections (CSV `record,sample` keyed by the noisy record names) instead of running ECGLens.")
  var detections: String?

  @Option(help: "Override a QRS detector constant, NAME=VALUE (repeatable; for tuning runs).")
  var param: [String] = []

  @Option(name: [.short, .long], help: "Also write one CSV line per noisy record (a file, written atomically).")
  var out: String?

  func run() throws {
    var options = NoiseStressOptions()
    options.types = list(types)
    options.snrs = try list(snr).map { s in
      guard let v = Double(s) else { throw CLIError("--snr \(s): not a number") }
      return v
    }
    options.exclude = Set(list(exclude))
    options.only = records.map { Set(list($0)) }
    options.lead = lead
    options.writeRecords = writeRecords
    options.detections = try detections.map(readBeatTable)
    for p in param where !options.detector.set(p) { throw CLIError("--param \(p): unknown constant or value") }
    if let writeRecords { try FileManager.default.createDirectory(atPath: writeRecords, withIntermediateDirectories: true) }
    let result = try runNoiseStress(database: db, noiseFolder: noise, options: options)
    Console.out(result.table)
    if let out { try emit(result.csv, to: out) }
    try reportFailures(result.failures, scored: result.rows.count)
  }
}
