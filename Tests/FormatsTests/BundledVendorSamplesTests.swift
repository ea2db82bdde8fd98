import ECGLensTestSupport
import Foundation
import Testing

@testable import Signals

/// The vendor files bundled in Samples/vendor-formats (those whose licence allows it, the licence
/// beside each) read without the shared data: the format recognised by content, 12 leads once the
/// limb leads are completed, 8 to 12 s of finite samples in mV, and the same samples as the copy
/// in ../shared/data where that is present.
@Suite struct BundledVendorSamplesTests {
  static let folder = TestPaths.samples + "/vendor-formats"
  static let files: [(path: String, format: RecordingFormat)] = [
    ("philips-sierra/129DYPRG.XML", .philipsSierra),
    ("dicom/pydicom-waveform_ecg.dcm", .dicom),
    ("scp-ecg/ecgtoolkit-Example.scp", .scpECG),
  ]

  @Test(arguments: files.map(\.path))
  func bundledFile_reads(file: String) throws {
    let format = try #require(Self.files.first { $0.path == file }?.format)
    let recording = completingTwelveLeads(try readRecording(at: Self.folder + "/" + file))
    #expect(recording.format == format)
    #expect(recording.leads.count == 12)
    #expect((8...12).contains(recording.duration), "\(recording.duration) s")
    for lead in recording.leads {
      let finite = lead.samples.allSatisfy { $0.isFinite }
      #expect(finite, "\(lead.name)")
      // A real ECG lead in mV: not flat, within +-10 mV.
      let range = (lead.samples.min() ?? 0)...(lead.samples.max() ?? 0)
      #expect(range.upperBound - range.lowerBound > 0.05 && range.lowerBound > -10 && range.upperBound < 10, "\(lead.name)")
    }
    let shared = TestPaths.sharedData + "/vendor-formats/" + file
    if FileManager.default.fileExists(atPath: shared) {
      let original = completingTwelveLeads(try readRecording(at: shared))
      #expect(original.leads.map(\.samples) == recording.leads.map(\.samples))
    }
  }

  @Test func everyBundledFolder_carriesItsLicence() throws {
    let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { !$0.hasSuffix(".md") }
    #expect(Set(folders) == Set(Self.files.map { String($0.path.split(separator: "/")[0]) }))
    for folder in folders {
      let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/" + folder)
      #expect(names.contains { $0.hasPrefix("LICENSE") }, "\(folder) has no licence file")
    }
  }

  @Test func philipsSample_carriesTheCartMeasurements() throws {
    let recording = try readRecording(at: Self.folder + "/philips-sierra/129DYPRG.XML")
    let cart = try #require(recording.cartMeasurements)
    #expect(cart.ventricularRateBpm == 41 && cart.prMs == 151 && cart.qrsMs == 135 && cart.qtMs == 476)
  }
}
