import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

@Suite struct RecordStreamTests {
  /// Any range of frames read through the stream is exactly what `readRecord` gives for those
  /// frames, in every storage format: packed formats (212: 2 samples in 3 bytes; 310, 311: 3 in
  /// 4) started at odd frames and odd samples of the interleaved stream included. Format 8
  /// (differences) and FLAC are read whole and sliced; format 0 (null signals) has no samples.
  @Test(arguments: SignalFormat.allCases.filter { $0 != .null })
  func rangesEqualTheWholeRecord(format: SignalFormat) throws {
    let path = TestPaths.fixtures + "/formats/f\(format.rawValue)"
    let record = try readRecord(at: path)
    let stream = try RecordStream(at: path)
    #expect(stream.isStreaming == !(format == .difference8 || format.isFLAC))
    #expect(stream.frameCount == record.frameCount)
    var rng = SeededGenerator(seed: UInt64(format.rawValue))
    var ranges = [0..<1001, 0..<1, 1..<2, 1..<4, 2..<3, 3..<500, 999..<1001, 1000..<1001, 500..<500]
    for _ in 0..<50 {
      let a = Int.random(in: 0..<1001, using: &rng), b = Int.random(in: 0...1001, using: &rng)
      ranges.append(min(a, b)..<max(a, b))
    }
    for range in ranges {
      let part = try stream.digital(frames: range)
      #expect(part == record.digital.map { Array($0[range]) }, "frames \(range)")
    }
    let mv = try stream.physical(frames: 10..<20)
    for i in record.digital.indices {
      #expect(mv[i].elementsEqual(record.physical(i)[10..<20]) { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }
  }

  /// Chunks' sample sums add up to the header's checksums; a wrong sum is reported as the
  /// reader reports it.
  @Test func checksumsFromChunkSums() throws {
    let path = TestPaths.fixtures + "/formats/f212"
    let stream = try RecordStream(at: path)
    var sums: [UInt16] = [0, 0]
    for start in stride(from: 0, to: 1001, by: 300) {
      let part = try stream.digital(frames: start..<min(1001, start + 300))
      for i in sums.indices { sums[i] &+= sampleSum16(part[i]) }
    }
    #expect(stream.checksumWarnings(sums: sums).isEmpty)
    sums[1] &+= 1
    let warnings = stream.checksumWarnings(sums: sums)
    #expect(warnings.count == 1)
    #expect("\(warnings)".contains("V5"))
  }

  /// A signal file shorter than the header says is an error naming the file, found when the
  /// record is opened, as `readRecord` finds it.
  @Test func truncatedFileIsAnError() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let source = TestPaths.fixtures + "/formats/f16"
    try FileManager.default.copyItem(atPath: source + ".hea", toPath: folder + "/f16.hea")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: source + ".dat"))
    try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: folder + "/f16.dat"))
    #expect(throws: SignalsError.self) { try RecordStream(at: folder + "/f16") }
    do {
      _ = try RecordStream(at: folder + "/f16")
    } catch {
      #expect("\(error)".contains("f16.dat"))
    }
  }
}
