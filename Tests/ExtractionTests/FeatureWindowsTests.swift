import Delineation
import ECGLensTestSupport
import Foundation
import Measurements
import Signals
import Tables
import Testing

@testable import Extraction

/// Writes `digital` (one array per signal, equal lengths) as a WFDB format 16 record
/// `folder/name` with the given signal descriptions, gain 200 adu/mV and baseline `baseline`.
func writeFormat16(_ digital: [[Int32]], names: [String], rate: Int, baseline: Int, to folder: String, name: String) throws {
  let n = digital[0].count
  var header = "\(name) \(digital.count) \(rate) \(n)\n"
  for d in names { header += "\(name).dat 16 200(\(baseline))/mV 16 0 0 0 0 \(d)\n" }
  try header.write(toFile: folder + "/\(name).hea", atomically: true, encoding: .utf8)
  var bytes = Data(capacity: n * digital.count * 2)
  for f in 0..<n {
    for s in digital.indices {
      let v = UInt16(bitPattern: Int16(clamping: digital[s][f]))
      bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8))
    }
  }
  try bytes.write(to: URL(fileURLWithPath: folder + "/\(name).dat"))
}

@Suite struct FeatureWindowsTests {
  let sample = TestPaths.samples + "/mitdb/100"  // 5 min, 2 leads, 360 Hz

  /// Cells of the CSV lines of a row string.
  func rows(_ text: String) -> [[String]] { csvRecords(Substring(text)).map(csvCells) }

  /// A 5-minute record in 10 s windows: 30 rows in time order, each measured as a 10 s ECG with
  /// the record's beats, every window's heart rate from the beats inside it.
  @Test func windowsTileTheRecordAndUseTheRecordsBeats() throws {
    let r = extractRecord(sample, window: 10, windowColumns: true)
    #expect(r.error == nil)
    let cells = rows(try #require(r.row))
    #expect(cells.count == 30)
    #expect(cells.map { $0[1] } == (0..<30).map { String($0 * 10) })
    #expect(cells.map { $0[2] } == (1...30).map { String($0 * 10) })
    #expect(cells.allSatisfy { $0[0] == "100" && $0[3] == "ok" && $0.count == 4 + featureCatalogue.count })
    let stream = try RecordStream(at: sample)
    let beats = try detectECGBeats(
      leads: try stream.physical(frames: 0..<stream.frameCount), descriptions: ["MLII", "V5"], samplingRate: 360)
    #expect(r.beats == beats.count)
    let hr = featureCatalogue.firstIndex { $0.name == "heart_rate_bpm" }! + 4
    for (k, row) in cells.enumerated() {
      let inside = beats.filter { $0 >= k * 3600 && $0 < (k + 1) * 3600 }
      let expected = 60 * 360 / (Double(inside.last! - inside.first!) / Double(inside.count - 1))
      #expect(abs(Double(row[hr])! - expected) < 0.01, "window \(k)")
    }
  }

  /// A window without signal keeps its row, with empty values and the reason; the windows
  /// around it are measured; a last window shorter than the others is listed, not measured.
  @Test func windowsWithoutSignalOrTooShortKeepTheirRow() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var digital = try readRecord(at: sample).digital
    for s in digital.indices { for i in (60 * 360)..<(90 * 360) { digital[s][i] = 1024 } }
    let cut = digital.map { Array($0.prefix(295 * 360)) }
    try writeFormat16(cut, names: ["MLII", "V5"], rate: 360, baseline: 1024, to: folder, name: "gap")
    let r = extractRecord(folder + "/gap", window: 10, windowColumns: true)
    let cells = rows(try #require(r.row))
    #expect(cells.count == 30)
    #expect(cells[6][3].contains("no usable lead") && cells[7][3].contains("no usable lead") && cells[8][3].contains("no usable lead"))
    #expect(cells[6][4...].allSatisfy { $0.isEmpty })
    #expect(cells[5][3] == "ok" && cells[9][3] == "ok")
    #expect(cells[29][2] == "295" && cells[29][3].contains("shorter than 10 s"))
    #expect(cells.filter { $0[3] == "ok" }.count == 26)
  }

  /// `.auto` windows records longer than a minute only.
  @Test func autoWindowsLongRecordsOnly() {
    #expect(FeatureWindowing.auto.window(forDuration: 10) == nil)
    #expect(FeatureWindowing.auto.window(forDuration: 60) == nil)
    #expect(FeatureWindowing.auto.window(forDuration: 60.5) == 10)
    #expect(FeatureWindowing.whole.window(forDuration: 86_400) == nil)
    #expect(FeatureWindowing.seconds(30).window(forDuration: 10) == 30)
  }

  /// A record measured whole in chunks (`measureInChunks`, 1-minute chunks) has the beats of
  /// one pass, and the intervals and amplitudes of one pass within a sample or a few µV.
  @Test func chunkedWholeRecordMeasurementMatchesOnePass() throws {
    let stream = try RecordStream(at: sample)
    let (chunked, notes) = try measureInChunks(stream, plan: ChunkPlan(length: 60, overlap: 20, wholeRecordLimit: 0), jobs: 2)
    let whole = try measureECG(
      leads: try stream.physical(frames: 0..<stream.frameCount), descriptions: ["MLII", "V5"], samplingRate: 360)
    #expect(notes.isEmpty)
    #expect(chunked.rPeaks == whole.rPeaks)
    #expect(chunked.heartRate == whole.heartRate && chunked.rrSD == whole.rrSD)
    let ms = 1000.0 / 360
    for (a, b) in [(chunked.pr, whole.pr), (chunked.qrs, whole.qrs), (chunked.qt, whole.qt)] {
      #expect(abs(a - b) <= ms, "\(a) vs \(b)")
    }
    for i in 0..<2 {
      #expect(abs(chunked.leads[i].rAmplitude - whole.leads[i].rAmplitude) < 0.01)
      #expect(abs(chunked.leads[i].quality - whole.leads[i].quality) < 0.01)
    }
    print("chunked vs one pass, 100: PR \(chunked.pr) / \(whole.pr), QRS \(chunked.qrs) / \(whole.qrs), QT \(chunked.qt) / \(whole.qt)")
  }
}
