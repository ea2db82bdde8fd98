import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// The WFDB fixtures beyond the plain format matrix (Tests/Fixtures/wfdb, written by
/// Scripts/make_wfdb_fixtures.py from real MIT-BIH and PTB-XL excerpts): FLAC files from libFLAC at
/// several encoder settings, skews and byte offsets, and multi-segment records (fixed and variable
/// layout, a layout segment, null segments, segments in other units). Each reads back as
/// wfdb-python 4.3.1 reads it, sample by sample.
@Suite struct WFDBFixtureMatrixTests {
  struct Case: Decodable {
    /// Per signal, wfdb-python's physical values (nil: NaN).
    var physical: [[Double?]]
    /// Per signal, wfdb-python's digital values, where it can join them.
    var digital: [[Int32]]?
    /// Per signal, the samples the script packed, where it packed the file itself.
    var packed: [[Int32]]?
  }
  struct Matrix: Decodable {
    var cases: [String: Case]
  }

  static let folder = TestPaths.fixtures + "/wfdb"
  static let matrix: Matrix? = try? loadJSON(Matrix.self, from: folder + "/wfdb-matrix.json")
  static let caseNames: [String] = matrix.map { $0.cases.keys.sorted() } ?? []

  @Test func matrix_coversEveryKind() throws {
    let names = try #require(Self.matrix).cases.keys
    for prefix in ["flac-508", "flac-516", "flac-524", "ptbxl-516", "skew-", "offset-516", "ms-var", "ms-gain"] {
      #expect(names.contains { $0.hasPrefix(prefix) }, "\(prefix)")
    }
    #expect(names.contains("ms-fixed") && names.contains("ms-fixed-gap"))
  }

  /// Digital samples equal wfdb-python's (or, where the script packed the file, the packed
  /// samples: for `skew-extra` wfdb-python 4.3.1 reads invalid samples past the record's end
  /// where the file holds them).
  @Test(arguments: caseNames)
  func digitalSamples_matchReference(name: String) throws {
    let entry = try #require(Self.matrix?.cases[name])
    let path = Self.folder + "/" + name
    guard let expected = entry.packed ?? entry.digital else {
      // Segments store a signal at different gains: only physical values can be joined.
      #expect(throws: SignalsError.self) { try readRecord(at: path) }
      return
    }
    // Headers the script wrote itself (the packed cases) carry no checksums; wfdb-python's do.
    let record = try readRecord(at: path, options: .init(strictChecksums: entry.packed == nil))
    #expect(record.digital == expected)
  }

  /// Physical values through `readRecording(at:)` equal wfdb-python's, NaN where it gives NaN
  /// (gaps, signals a segment lacks), to 1e-9 mV. wfdb-python keeps each segment's own units;
  /// ECGLens converts every lead to mV, so the reference is scaled by the segment's units.
  @Test(arguments: caseNames)
  func physicalValues_matchReference(name: String) throws {
    let entry = try #require(Self.matrix?.cases[name])
    let recording = try readRecording(at: Self.folder + "/" + name)
    #expect(recording.leads.count == entry.physical.count)
    let scale = try unitScales(name, frames: entry.physical.first?.count ?? 0)
    for (lead, reference) in zip(recording.leads, entry.physical) {
      #expect(lead.samples.count == reference.count, "\(name) \(lead.name)")
      var mismatches = 0
      for (i, (value, expected)) in zip(lead.samples, reference).enumerated() {
        if let expected {
          if !(abs(value - expected * scale[i]) <= 1e-9) { mismatches += 1 }
        } else if !value.isNaN && name != "skew-extra" {
          // skew-extra: wfdb-python reads NaN past the record's end where the file holds samples.
          mismatches += 1
        }
      }
      #expect(mismatches == 0, "\(name) \(lead.name): \(mismatches) samples differ")
    }
  }

  /// mV per unit of wfdb-python's physical value at each frame: 1 except in `ms-gain`'s second
  /// stored segment, which is in uV.
  private func unitScales(_ name: String, frames: Int) throws -> [Double] {
    var scale = [Double](repeating: 1, count: frames)
    if name == "ms-gain" {
      // Segments: layout (0), 720 frames in mV, 360 null, 720 frames in uV.
      let header = try readHeader(at: Self.folder + "/ms-gain_0002")
      #expect(header.signals.allSatisfy { $0.units == "uV" })
      for i in 1080..<min(1800, frames) { scale[i] = 1e-3 }
    }
    return scale
  }

  @Test func variableLayout_mapsSignalsByName() throws {
    let record = try readMultiSegmentRecord(at: Self.folder + "/ms-var")
    #expect(record.signalNames == ["MLII", "V5", "V1"])
    #expect(record.header.hasLayoutSegment)
    #expect(record.header.segments.map(\.sampleCount) == [0, 720, 360, 720])
    // The second stored segment holds V1, MLII: V1 is its signal 0.
    #expect(record.signalMaps[3] == [1, nil, 0])
    #expect(record.signalMaps[2] == [nil, nil, nil])
    let v5 = record.physical(1)
    #expect(v5[..<720].allSatisfy { !$0.isNaN } && v5[720...].allSatisfy(\.isNaN))
  }

  @Test func masterHeader_inconsistenciesAreErrorsNamingTheLine() {
    func error(_ text: String) -> SignalsError? {
      do {
        _ = try parseWFDBHeaderFile(text, file: "m.hea")
        return nil
      } catch { return error }
    }
    // Three segments declared, two listed.
    guard case .headerSyntax(_, let line, _, let expected)? = error("m/3 2 360 20\na 10\nb 10\n") else {
      Issue.record("a missing segment line is not a syntax error")
      return
    }
    #expect(line >= 3 && expected.contains("3 segment lines") && expected.contains("has 2"))
    // Segment lengths summing to another count than the record line's.
    guard case .headerValue(_, 1, "number of samples", "25", _)? = error("m/2 2 360 25\na 10\nb 10\n") else {
      Issue.record("a sample count differing from the segments' sum is not an error")
      return
    }
    // Only the first segment may be a 0-sample layout segment.
    #expect(error("m/2 2 360 10\na 10\nb 0\n") != nil)
    #expect(error("m/2 2 360 20\na 10\n~ 10\n") == nil)
  }

  @Test func segmentLongerThanTheMasterHeaderSays_isAnErrorNamingIt() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for file in ["ms-fixed_0001.hea", "ms-fixed_0001.dat"] {
      try FileManager.default.copyItem(atPath: Self.folder + "/" + file, toPath: folder + "/" + file)
    }
    try "m/2 12 500 900\nms-fixed_0001 400\n~ 500\n".write(
      toFile: folder + "/m.hea", atomically: true, encoding: .utf8)
    #expect {
      try readRecord(at: folder + "/m")
    } throws: { error in
      guard case .segmentMismatch(_, "ms-fixed_0001", let reason)? = error as? SignalsError else { return false }
      return reason.contains("500 frames") && reason.contains("400")
    }
  }
}
